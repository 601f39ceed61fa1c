namespace RtcLive.WebRtc.Sdp;

/// <summary>Why the answer rejected (port 0) the offered m-line at <paramref name="Index"/>.</summary>
public sealed record MediaRejection(int Index, string? Mid, string Reason);
