using RtcLive.WebRtc.Dtls;
using RtcLive.WebRtc.Ice;

namespace RtcLive.WebRtc.Client;

/// <summary>What the remote description tells about the remote's transport, and the DTLS role it leaves us.</summary>
internal sealed record RemoteTransportDescription(
    IceCredentials Ice,
    IReadOnlyList<IceCandidate> Candidates,
    DtlsFingerprint Fingerprint,
    DtlsRole OurDtlsRole,
    bool IceLite);
