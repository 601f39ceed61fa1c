using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace RtcLive.WebRtc.Dtls;

/// <summary>
/// BouncyCastle's client side of a DTLS-SRTP handshake (we answered <c>a=setup:active</c>, or connect to another
/// node). Every policy decision is delegated to <see cref="DtlsSrtpNegotiation"/>.
/// </summary>
internal sealed class DtlsSrtpClient : DefaultTlsClient
{
    private readonly BcTlsCrypto _crypto;
    private readonly DtlsSrtpNegotiation _negotiation;

    public DtlsSrtpClient(BcTlsCrypto crypto, DtlsSrtpNegotiation negotiation)
        : base(crypto)
    {
        _crypto = crypto;
        _negotiation = negotiation;
    }

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => _negotiation.GetCipherSuites();

    public override int GetHandshakeTimeoutMillis() => _negotiation.HandshakeTimeoutMillis;

    public override int GetHandshakeResendTimeMillis() => _negotiation.InitialResendMillis;

    public override bool RequiresExtendedMasterSecret() => true;

    public override bool IgnoreCorruptDtlsRecords => true;

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        IDictionary<int, byte[]> extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetClientExtensions());
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, _negotiation.CreateClientOffer());
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        _negotiation.AcceptServerChoice(DtlsSrtpNegotiation.ReadUseSrtp(serverExtensions));
    }

    public override TlsAuthentication GetAuthentication() => new DtlsClientAuthentication(_negotiation, m_context, _crypto);

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
