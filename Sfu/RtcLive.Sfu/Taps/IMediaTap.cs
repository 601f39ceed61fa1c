using RtcLive.Sfu.Media;

namespace RtcLive.Sfu.Taps;

/// <summary>
/// Something inside the node's process that reads a room's published media as it arrives (the embedded HLS worker),
/// without being a participant: it is not in the room's participant list and costs no SRTP per packet. Attached with
/// <see cref="MediaTapRegistry.Attach"/> by the host that owns the node; signaling never sees node objects.
/// </summary>
public interface IMediaTap
{
    /// <summary>
    /// One decrypted packet of a tapped track, on the media receive thread: copy what is needed and return at once
    /// (no blocking, no throwing). Nothing arrives while the track is muted.
    /// </summary>
    void OnRtp(TappedTrack track, in ForwardedPacket packet);

    /// <summary>The track was unpublished (left, demoted, renegotiated away); no packet of it follows.</summary>
    void OnTrackEnded(TappedTrack track);
}
