namespace RtcLive.WebRtc.Sdp;

/// <summary>
/// An <c>a=msid</c> attribute (RFC 8830): the MediaStream id the track belongs to (<c>-</c> for none) and the
/// sender's track id. OBS and GStreamer often send none at all.
/// </summary>
public sealed record Msid(string StreamId, string? TrackId = null)
{
    public override string ToString() => TrackId is null ? StreamId : $"{StreamId} {TrackId}";
}
