namespace RtcLive.Signaling.Audience;

/// <summary>
/// How a participant takes part: <c>webrtc</c> (placed on an SFU node, media both ways as its role allows) or
/// <c>hls</c> (bound to signaling alone: it watches the class over HLS and takes part in chat and hands; no node
/// carries anything of it).
/// </summary>
public static class ParticipantMedia
{
    public const string WebRtc = "webrtc";
    public const string Hls = "hls";

    /// <summary>Reads <c>JoinRequest.Media</c>: absent means WebRTC.</summary>
    public static bool TryParse(string? value, out string media)
    {
        media = string.IsNullOrWhiteSpace(value) ? WebRtc : value.Trim().ToLowerInvariant();
        return media is WebRtc or Hls;
    }
}
