namespace RtcLive.WebRtc.Sdp;

/// <summary>The <c>a=ice-ufrag</c> / <c>a=ice-pwd</c> pair of one ICE agent (RFC 8839 §5.4).</summary>
public sealed record SdpIceCredentials(string Ufrag, string Password);
