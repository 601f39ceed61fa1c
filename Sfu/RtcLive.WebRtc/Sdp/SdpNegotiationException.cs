namespace RtcLive.WebRtc.Sdp;

/// <summary>
/// Thrown by the offer/answer builders when a well-formed description cannot be negotiated at all, for example an
/// offer without ICE credentials or DTLS fingerprint, or an m-line without <c>a=mid</c>. Problems limited to one
/// m-line do not throw: that m-line is rejected (port 0) and the rest is answered.
/// </summary>
public sealed class SdpNegotiationException : Exception
{
    public SdpNegotiationException(string message) : base(message)
    {
    }
}
