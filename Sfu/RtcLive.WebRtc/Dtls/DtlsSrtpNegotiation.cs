using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using RtcLive.WebRtc.Srtp;

namespace RtcLive.WebRtc.Dtls;

/// <summary>
/// What one DTLS-SRTP handshake needs and what it found out, shared by the BouncyCastle client and server peers
/// (<see cref="DtlsSrtpClient"/>, <see cref="DtlsSrtpServer"/>) so both sides apply the same rules: the same
/// cipher suites, the fingerprint check, the SRTP profile choice and the key export. BouncyCastle calls into it on
/// the handshake thread; after the handshake the connection's reader reads the alert flags, hence the volatiles.
/// </summary>
internal sealed class DtlsSrtpNegotiation
{
    /// <summary>
    /// ECDHE with ECDSA only: the certificate is ECDSA P-256 and browsers offer these. GCM first, then ChaCha20
    /// for peers without AES hardware, CBC-SHA last for old stacks. The BouncyCastle default list has no ECDSA
    /// suite at all, and the handshake then dies with internal_error after ServerHello.
    /// </summary>
    private static readonly int[] CipherSuites =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,       // 0xC02B
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,       // 0xC02C
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, // 0xCCA9
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,          // 0xC009
    ];

    private volatile bool _closeNotifyReceived;
    private volatile int _fatalAlertReceived = -1;

    public DtlsSrtpNegotiation(DtlsCertificate localCertificate, DtlsFingerprint expectedRemote, DtlsTransportOptions options)
    {
        LocalCertificate = localCertificate;
        ExpectedRemote = expectedRemote;
        Profiles = options.SrtpProfiles;
        HandshakeTimeoutMillis = ToMillis(options.HandshakeTimeout);
        InitialResendMillis = ToMillis(options.InitialRetransmitInterval);
    }

    public DtlsCertificate LocalCertificate { get; }
    public DtlsFingerprint ExpectedRemote { get; }
    public IReadOnlyList<SrtpProfile> Profiles { get; }
    public int HandshakeTimeoutMillis { get; }
    public int InitialResendMillis { get; }

    /// <summary>Set when one of our own checks rejected the peer; the handshake exception reports this reason.</summary>
    public DtlsHandshakeFailure? Failure { get; private set; }
    public string? FailureDetail { get; private set; }

    public SrtpProfile? SelectedProfile { get; private set; }
    public SrtpKeyingMaterial? KeyingMaterial { get; private set; }

    /// <summary>The record screening for the negotiated cipher suite, known once the handshake completes.</summary>
    public DtlsRecordFilter? RecordFilter { get; private set; }

    public bool CloseNotifyReceived => _closeNotifyReceived;

    /// <summary>The fatal alert the peer sent, if any.</summary>
    public short? FatalAlertReceived => _fatalAlertReceived < 0 ? null : (short)_fatalAlertReceived;

    public int[] GetCipherSuites() => (int[])CipherSuites.Clone();

    /// <summary>Signs with our ECDSA key over SHA-256, the one scheme a P-256 key pairs with in TLS 1.2.</summary>
    public TlsCredentialedSigner CreateSigner(TlsContext context, BcTlsCrypto crypto)
    {
        var chain = new Certificate([new BcTlsCertificate(crypto, LocalCertificate.DerEncoded.ToArray())]);
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, LocalCertificate.PrivateKey,
            chain, SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    /// <summary>
    /// The whole of peer authentication in WebRTC: the end-entity certificate must hash to the fingerprint from the
    /// peer's SDP. Chains, names and validity dates mean nothing here (certificates are self-signed).
    /// BouncyCastle separately checks that the peer holds the private key (CertificateVerify / ServerKeyExchange).
    /// </summary>
    public void VerifyRemoteCertificate(Certificate? chain)
    {
        if (chain is null || chain.IsEmpty)
            Reject(DtlsHandshakeFailure.FingerprintMismatch, "the peer presented no certificate", AlertDescription.handshake_failure);

        byte[] der = chain!.GetCertificateAt(0).GetEncoded();
        if (!ExpectedRemote.Matches(der))
        {
            Reject(DtlsHandshakeFailure.FingerprintMismatch,
                $"the peer's certificate has {DtlsFingerprint.Sha256Of(der)}, its SDP announced {ExpectedRemote}",
                AlertDescription.bad_certificate);
        }
    }

    /// <summary>
    /// Reads the peer's use_srtp extension, null when absent. BouncyCastle's reader lets a truncated extension
    /// escape as EndOfStreamException; it is a malformed message, reported as decode_error like other parse errors.
    /// </summary>
    public static UseSrtpData? ReadUseSrtp(IDictionary<int, byte[]>? extensions)
    {
        if (extensions is null) return null;
        try
        {
            return TlsSrtpUtilities.GetUseSrtpExtension(extensions);
        }
        catch (IOException ex) when (ex is not TlsFatalAlert)
        {
            throw new TlsFatalAlert(AlertDescription.decode_error, "malformed use_srtp extension", ex);
        }
    }

    /// <summary>The use_srtp extension a client sends: our profiles in preference order, no MKI.</summary>
    public UseSrtpData CreateClientOffer()
    {
        var ids = new int[Profiles.Count];
        for (int i = 0; i < ids.Length; i++) ids[i] = (int)Profiles[i];
        return new UseSrtpData(ids, TlsUtilities.EmptyBytes);
    }

    /// <summary>
    /// Server side: picks the first profile of OUR preference that the client offers (RFC 5764 §4.1.1 leaves the
    /// choice to the server). Without a common profile the session could carry no media, so it fails here rather
    /// than completing a useless handshake.
    /// </summary>
    public void SelectForServer(UseSrtpData? clientOffer)
    {
        if (clientOffer is null)
            Reject(DtlsHandshakeFailure.NoCommonSrtpProfile, "the client did not offer use_srtp", AlertDescription.handshake_failure);

        int[] offered = clientOffer!.ProtectionProfiles;
        foreach (SrtpProfile mine in Profiles)
        {
            if (Array.IndexOf(offered, (int)mine) >= 0)
            {
                SelectedProfile = mine;
                return;
            }
        }
        Reject(DtlsHandshakeFailure.NoCommonSrtpProfile,
            $"the client offers SRTP profiles [{string.Join(", ", offered)}], we support [{string.Join(", ", Profiles)}]",
            AlertDescription.handshake_failure);
    }

    /// <summary>The use_srtp extension a server answers with: exactly the selected profile.</summary>
    public UseSrtpData CreateServerAnswer()
    {
        // BouncyCastle asks for the server extensions after processing the client's; a ClientHello without any
        // extensions skips that step, and then no profile was chosen.
        if (SelectedProfile is null)
            Reject(DtlsHandshakeFailure.NoCommonSrtpProfile, "the client did not offer use_srtp", AlertDescription.handshake_failure);
        return new UseSrtpData([(int)SelectedProfile!.Value], TlsUtilities.EmptyBytes);
    }

    /// <summary>Client side: the server must have chosen exactly one of the profiles we offered.</summary>
    public void AcceptServerChoice(UseSrtpData? serverAnswer)
    {
        if (serverAnswer is null)
            Reject(DtlsHandshakeFailure.NoCommonSrtpProfile, "the server did not answer use_srtp", AlertDescription.handshake_failure);

        int[] chosen = serverAnswer!.ProtectionProfiles;
        if (chosen.Length == 1)
        {
            foreach (SrtpProfile mine in Profiles)
            {
                if ((int)mine == chosen[0])
                {
                    SelectedProfile = mine;
                    return;
                }
            }
        }
        Reject(DtlsHandshakeFailure.NoCommonSrtpProfile,
            $"the server chose SRTP profiles [{string.Join(", ", chosen)}], we offered [{string.Join(", ", Profiles)}]",
            AlertDescription.illegal_parameter);
    }

    /// <summary>
    /// Exports the SRTP master keys and salts (RFC 5764 §4.2). Must run inside NotifyHandshakeComplete: once
    /// Accept/Connect has returned, BouncyCastle has cleared the security parameters and the export throws.
    /// </summary>
    public void ExportKeyingMaterial(TlsContext context)
    {
        SrtpProfile profile = SelectedProfile
            ?? throw new TlsFatalAlert(AlertDescription.internal_error, "handshake completed without an SRTP profile");
        byte[] exported = context.ExportKeyingMaterial(ExporterLabel.dtls_srtp, null, SrtpProfileInfo.KeyingMaterialLength(profile));
        KeyingMaterial = SrtpKeyingMaterial.FromExport(profile, exported);
        RecordFilter = DtlsRecordFilter.ForCipherSuite(context.SecurityParameters.CipherSuite, context.SecurityParameters.IsEncryptThenMac);
    }

    public void OnAlertReceived(short level, short description)
    {
        if (level == AlertLevel.fatal)
            _fatalAlertReceived = description;
        else if (description == AlertDescription.close_notify)
            _closeNotifyReceived = true;
    }

    private void Reject(DtlsHandshakeFailure failure, string detail, short alert)
    {
        Failure = failure;
        FailureDetail = detail;
        throw new TlsFatalAlert(alert, detail);
    }

    private static int ToMillis(TimeSpan span) => (int)Math.Clamp(span.TotalMilliseconds, 1, int.MaxValue);
}
