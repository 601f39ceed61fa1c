namespace RtcLive.Signaling.Ice;

/// <summary>One entry of a browser's <c>RTCConfiguration.iceServers</c>, as the join hands it out.</summary>
public sealed record IceServerInfo(IReadOnlyList<string> Urls, string? Username, string? Credential);
