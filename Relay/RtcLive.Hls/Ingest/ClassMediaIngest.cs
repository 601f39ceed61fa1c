using System.Diagnostics;

namespace RtcLive.Hls.Ingest;

/// <summary>
/// Turns a class's camera (every simulcast layer) and microphone RTP into whole frames on one clock, for the
/// transcoder. It follows the best layer that flows: it moves up on a keyframe of a higher active layer and down
/// when its layer stops, and asks the publisher for keyframes whenever it needs one (start, loss, a layer to move
/// to, a restarted transcoder). Packets arrive on media receive threads; one lock keeps the state consistent
/// (taps only run for rooms someone watches over HLS). A camera muted for everyone would stall the transcode, which
/// interleaves video and audio: while it is muted its last keyframe is repeated as a still picture
/// (<see cref="RepeatStillIfCameraSilent"/>) until the camera's next keyframe.
/// </summary>
public sealed class ClassMediaIngest
{
    private const long KeyframeRequestIntervalMs = 500;
    private const long UpgradeProbeIntervalMs = 3000;

    /// <summary>The muted camera silent this long: the still picture starts.</summary>
    public const long StillAfterMs = 500;

    /// <summary>The still picture's frame interval (5 fps: enough for the encoder, cheap to transcode).</summary>
    public const long StillIntervalMs = 200;

    private readonly object _gate = new();
    private readonly Action<MediaFrame> _output;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private Vp8Depacketizer[] _depacketizers = [];
    private RtpClock[] _videoClocks = [];
    private readonly RtpClock _audioClock = new(48000);
    private IVideoSourceControl? _video;
    private int _layer = -1;
    private bool _needKeyframe = true;
    private long _lastVideoMs;
    private long _lastKeyframeRequestMs = -KeyframeRequestIntervalMs;
    private long _lastUpgradeProbeMs;
    // The last keyframe forwarded (the still picture), and when the last real frame was forwarded, on both clocks.
    private byte[]? _still;
    private int _stillLength;
    private int _stillWidth;
    private int _stillHeight;
    private long _realVideoMs;
    private long _realArrivalMs;
    private long _lastStillMs;
    private bool _cameraMuted;
    // Any packet of the camera, forwarded or not (a camera waiting for its next keyframe is not a silent one).
    private long _lastVideoPacketMs;
    private bool _stillsSinceReal;

    public ClassMediaIngest(Action<MediaFrame> output) => _output = output;

    public long NowMs => _clock.ElapsedMilliseconds;

    /// <summary>The source picture size of the latest keyframe forwarded (0 before the first).</summary>
    public int SourceWidth { get; private set; }

    public int SourceHeight { get; private set; }

    /// <summary>The camera to read from now on (null: none; frames stop until another arrives).</summary>
    public void SetVideoSource(IVideoSourceControl? video)
    {
        lock (_gate)
        {
            _video = video;
            int layers = video?.LayerCount ?? 0;
            _depacketizers = new Vp8Depacketizer[layers];
            _videoClocks = new RtpClock[layers];
            for (int i = 0; i < layers; i++)
            {
                _depacketizers[i] = new Vp8Depacketizer();
                _videoClocks[i] = new RtpClock(90000);
            }
            _layer = -1;
            _needKeyframe = true;
            _still = null;
        }
        RequestKeyframe(force: true);
    }

    /// <summary>
    /// The camera is muted for everyone (the SFU stops forwarding it) or again not. Only a muted camera is replaced by
    /// a still picture: a camera that is merely late (a loaded publisher) keeps its own timing.
    /// </summary>
    public void SetCameraMuted(bool muted)
    {
        lock (_gate) _cameraMuted = muted;
    }

    /// <summary>Still pictures sent so far (while the camera was muted).</summary>
    public long StillFrames { get; private set; }

    /// <summary>
    /// Called a few times a second: while the camera is muted and has sent nothing for <see cref="StillAfterMs"/>, its last
    /// keyframe goes out again every <see cref="StillIntervalMs"/>, timed as if the camera went on, so the transcode
    /// (and the viewers) keep going with a still picture and the audio. The camera's frames take over again from its
    /// next keyframe (the decoder's state is the still's now); the ingest asks for one as soon as frames arrive.
    /// </summary>
    public void RepeatStillIfCameraSilent()
    {
        MediaFrame frame;
        lock (_gate)
        {
            if (_still is null || _video is null) return;
            long now = NowMs;
            if (!_cameraMuted || now - _lastVideoPacketMs < StillAfterMs || now - _lastStillMs < StillIntervalMs) return;
            _lastStillMs = now;
            long ms = Math.Max(_lastVideoMs + 1, _realVideoMs + (now - _realArrivalMs));
            _lastVideoMs = ms;
            _needKeyframe = true;
            _stillsSinceReal = true;
            StillFrames++;
            frame = MediaFrame.Copy(true, ms, true, _still.AsSpan(0, _stillLength), _stillWidth, _stillHeight);
        }
        _output(frame);
    }

    /// <summary>The next video frame forwarded must be a keyframe (a transcoder (re)started); asks the publisher for one.</summary>
    public void NeedKeyframe()
    {
        lock (_gate) _needKeyframe = true;
        RequestKeyframe(force: true);
    }

    public void OnVideoRtp(int layer, ushort sequence, uint timestamp, bool marker, ReadOnlySpan<byte> payload)
    {
        MediaFrame? frame = null;
        bool wantKeyframe = false;
        lock (_gate)
        {
            if (layer < 0 || layer >= _depacketizers.Length) return;
            _lastVideoPacketMs = NowMs;
            var depacketizer = _depacketizers[layer];
            if (!depacketizer.Push(sequence, timestamp, marker, payload, out var data)) return;
            long now = NowMs;
            bool key = Vp8Depacketizer.IsKeyframe(data, out int width, out int height);
            if (key) depacketizer.Damaged = false;
            if (layer != _layer)
            {
                if (!key || !ShouldSwitchTo(layer)) return;
                if (_layer >= 0) _videoClocks[layer].Continue(_lastVideoMs + 1);
                _layer = layer;
            }
            if (depacketizer.Damaged || (_needKeyframe && !key))
            {
                wantKeyframe = true;
            }
            else
            {
                _needKeyframe = false;
                // The camera back after still pictures: its clock starts again after the last still, not squeezed behind it.
                if (_stillsSinceReal) _videoClocks[layer].Continue(_lastVideoMs + 1);
                _stillsSinceReal = false;
                long ms = Math.Max(_videoClocks[layer].ToMs(timestamp, now), _lastVideoMs + 1);
                _lastVideoMs = ms;
                _realVideoMs = ms;
                _realArrivalMs = now;
                if (key)
                {
                    SourceWidth = width;
                    SourceHeight = height;
                    KeepStill(data, width, height);
                }
                frame = MediaFrame.Copy(true, ms, key, data, width, height);
            }
            wantKeyframe |= WantsUpgrade(now);
        }
        if (frame is not null) _output(frame);
        if (wantKeyframe) RequestKeyframe(force: false);
    }

    public void OnAudioRtp(uint timestamp, ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty) return;
        MediaFrame frame;
        lock (_gate) frame = MediaFrame.Copy(false, _audioClock.ToMs(timestamp, NowMs), true, payload);
        _output(frame);
    }

    private void KeepStill(ReadOnlySpan<byte> keyframe, int width, int height)
    {
        if (_still is null || _still.Length < keyframe.Length) _still = new byte[Math.Max(keyframe.Length, 64 * 1024)];
        keyframe.CopyTo(_still);
        _stillLength = keyframe.Length;
        _stillWidth = width;
        _stillHeight = height;
    }

    /// <summary>Up to any higher layer that flows; to any layer at all when ours stopped or none is chosen.</summary>
    private bool ShouldSwitchTo(int layer) =>
        _layer < 0 || layer > _layer || _video is not { } video || !video.IsLayerActive(_layer);

    private bool WantsUpgrade(long now)
    {
        if (_video is not { } video || now - _lastUpgradeProbeMs < UpgradeProbeIntervalMs) return false;
        _lastUpgradeProbeMs = now;
        for (int l = video.LayerCount - 1; l >= 0; l--)
            if (video.IsLayerActive(l)) return l != _layer;
        return false;
    }

    private void RequestKeyframe(bool force)
    {
        IVideoSourceControl? video;
        lock (_gate)
        {
            long now = NowMs;
            if (!force && now - _lastKeyframeRequestMs < KeyframeRequestIntervalMs) return;
            _lastKeyframeRequestMs = now;
            video = _video;
        }
        if (video is null) return;
        // The best active layer (the one to move to), and ours if it still flows.
        int best = -1;
        for (int l = video.LayerCount - 1; l >= 0 && best < 0; l--)
            if (video.IsLayerActive(l)) best = l;
        video.RequestKeyframe(best < 0 ? video.LayerCount - 1 : best);
        int current = _layer;
        if (current >= 0 && current != best) video.RequestKeyframe(current);
    }
}
