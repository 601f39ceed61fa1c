using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace RtcLive.WebRtc.Dtls;

/// <summary>
/// BouncyCastle's server side of a DTLS-SRTP handshake (we answered <c>a=setup:passive</c>). Every policy decision
/// is delegated to <see cref="DtlsSrtpNegotiation"/>; this class only plugs it into the right callbacks.
/// </summary>
internal sealed class DtlsSrtpServer : DefaultTlsServer
{
    private readonly BcTlsCrypto _crypto;
    private readonly DtlsSrtpNegotiation _negotiation;

    public DtlsSrtpServer(BcTlsCrypto crypto, DtlsSrtpNegotiation negotiation)
        : base(crypto)
    {
        _crypto = crypto;
        _negotiation = negotiation;
    }

    // DTLS 1.2 only: the default list holds TLS versions, and Chrome answers those with protocol_version.
    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => _negotiation.GetCipherSuites();

    public override int GetHandshakeTimeoutMillis() => _negotiation.HandshakeTimeoutMillis;

    public override int GetHandshakeResendTimeMillis() => _negotiation.InitialResendMillis;

    // The SRTP keys come from the exporter, which is only safe with the extended master secret (RFC 7627 §5.4).
    public override bool RequiresExtendedMasterSecret() => true;

    // A record that fails authentication is noise or an attack, not a reason to hang up. BouncyCastle's record layer
    // already drops those; this keeps its transport from failing the session should one surface there.
    public override bool IgnoreCorruptDtlsRecords => true;

    protected override TlsCredentialedSigner GetECDsaSignerCredentials() => _negotiation.CreateSigner(m_context, _crypto);

    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);
        _negotiation.SelectForServer(DtlsSrtpNegotiation.ReadUseSrtp(clientExtensions));
    }

    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        IDictionary<int, byte[]> extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetServerExtensions());
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, _negotiation.CreateServerAnswer());
        return extensions;
    }

    // Without a client certificate there is nothing to compare with the fingerprint from the offer.
    public override CertificateRequest GetCertificateRequest() => new(
        [ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign],
        TlsUtilities.GetDefaultSupportedSignatureAlgorithms(m_context),
        null);

    public override void NotifyClientCertificate(Certificate clientCertificate) =>
        _negotiation.VerifyRemoteCertificate(clientCertificate);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        _negotiation.ExportKeyingMaterial(m_context);
    }

    public override void NotifyAlertReceived(short alertLevel, short alertDescription)
    {
        base.NotifyAlertReceived(alertLevel, alertDescription);
        _negotiation.OnAlertReceived(alertLevel, alertDescription);
    }
}
