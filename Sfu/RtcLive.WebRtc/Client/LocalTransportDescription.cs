using RtcLive.WebRtc.Ice;
using RtcLive.WebRtc.Sdp;

namespace RtcLive.WebRtc.Client;

/// <summary>Everything about our side that goes into an offer or answer besides the media.</summary>
internal sealed record LocalTransportDescription(
    IceCredentials Ice,
    SdpFingerprint Fingerprint,
    IceCandidate Candidate,
    string StreamId,
    string Cname)
{
    public SdpIceCredentials SdpIce => new(Ice.Ufrag, Ice.Password);

    /// <summary>The candidate as an SDP attribute value (the text after <c>candidate:</c>).</summary>
    public string CandidateValue => Candidate.AttributeValue;
}
