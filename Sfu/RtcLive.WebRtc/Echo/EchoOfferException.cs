namespace RtcLive.WebRtc.Echo;

/// <summary>An offer that parsed but cannot be echoed (no ICE credentials, no fingerprint, nothing to send back on).</summary>
public sealed class EchoOfferException(string message) : Exception(message);
