using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace RtcLive.WebRtc.Dtls;

/// <summary>
/// The DTLS client's half of mutual authentication: checks the server's certificate against the fingerprint from
/// its SDP, and presents our own certificate when the server asks (WebRTC servers always do).
/// </summary>
internal sealed class DtlsClientAuthentication : TlsAuthentication
{
    private readonly DtlsSrtpNegotiation _negotiation;
    private readonly TlsContext _context;
    private readonly BcTlsCrypto _crypto;

    public DtlsClientAuthentication(DtlsSrtpNegotiation negotiation, TlsContext context, BcTlsCrypto crypto)
    {
        _negotiation = negotiation;
        _context = context;
        _crypto = crypto;
    }

    public void NotifyServerCertificate(TlsServerCertificate serverCertificate) =>
        _negotiation.VerifyRemoteCertificate(serverCertificate.Certificate);

    public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest) =>
        _negotiation.CreateSigner(_context, _crypto);
}
