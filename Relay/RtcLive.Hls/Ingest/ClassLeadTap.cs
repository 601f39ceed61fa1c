using RtcLive.Sfu.Media;
using RtcLive.Sfu.Rooms;
using RtcLive.Sfu.Taps;
using RtcLive.WebRtc.Sdp;

namespace RtcLive.Hls.Ingest;

/// <summary>
/// Picks, among a room's tracks, what HLS viewers watch: the camera and microphone of whoever leads the class (a
/// presenter, or a moderator), VP8 or H.264 and Opus; locks onto the first such track of each kind until it ends.
/// Runs on the media receive thread: no allocation beyond the frame copies the ingest makes.
/// </summary>
internal sealed class ClassLeadTap(ClassMediaIngest ingest) : IMediaTap
{
    private TappedTrack? _camera;
    private TappedTrack? _microphone;

    public void OnRtp(TappedTrack track, in ForwardedPacket packet)
    {
        if (track.Kind == MediaKind.Video)
        {
            if (!ReferenceEquals(Volatile.Read(ref _camera), track) && !TryLockOn(ref _camera, track, TrackSource.Camera)) return;
            ingest.OnVideoRtp(packet.Layer, packet.SequenceNumber, packet.Timestamp, packet.Marker, packet.Payload);
        }
        else if (track.Kind == MediaKind.Audio)
        {
            if (!ReferenceEquals(Volatile.Read(ref _microphone), track) && !TryLockOn(ref _microphone, track, TrackSource.Microphone)) return;
            ingest.OnAudioRtp(packet.Timestamp, packet.Payload);
        }
    }

    public void OnTrackEnded(TappedTrack track)
    {
        if (Interlocked.CompareExchange(ref _camera, null, track) == track) ingest.SetVideoSource(null);
        Interlocked.CompareExchange(ref _microphone, null, track);
    }

    private bool TryLockOn(ref TappedTrack? slot, TappedTrack track, TrackSource source)
    {
        if (track.Source != source || !Leads(track.Role)) return false;
        VideoCodec? video = source == TrackSource.Camera ? VideoCodecName.Parse(track.CodecName) : null;
        if (source == TrackSource.Camera ? video is null : !track.CodecName.Equals("opus", StringComparison.OrdinalIgnoreCase)) return false;
        if (Interlocked.CompareExchange(ref slot, track, null) is not null) return false;
        if (video is { } codec) ingest.SetVideoSource(new Control(track, codec));
        return true;
    }

    private static bool Leads(ParticipantRole role) => role is ParticipantRole.Presenter or ParticipantRole.Moderator;

    private sealed class Control(TappedTrack track, VideoCodec codec) : IVideoSourceControl
    {
        public VideoCodec Codec => codec;

        public int LayerCount => track.LayerCount;

        public bool IsLayerActive(int layer) => track.IsLayerActive(layer, Environment.TickCount64);

        public void RequestKeyframe(int layer) => track.RequestKeyframe(layer, Environment.TickCount64);
    }
}
