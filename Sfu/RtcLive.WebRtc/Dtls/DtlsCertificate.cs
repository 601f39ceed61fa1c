using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace RtcLive.WebRtc.Dtls;

/// <summary>
/// The self-signed ECDSA P-256 certificate this endpoint presents in DTLS handshakes, with its private key.
/// WebRTC does not use certificate chains: peers authenticate each other only by the fingerprint exchanged in SDP,
/// so a fresh self-signed certificate is all that is needed. ECDSA P-256 is what browsers generate themselves;
/// it keeps handshake flights small and signs fast.
/// </summary>
public sealed class DtlsCertificate
{
    /// <summary>How long a generated certificate stays valid unless told otherwise.</summary>
    public static readonly TimeSpan DefaultValidity = TimeSpan.FromDays(30);

    private readonly byte[] _der;

    private DtlsCertificate(X509Certificate certificate, AsymmetricKeyParameter privateKey)
    {
        Certificate = certificate;
        PrivateKey = privateKey;
        _der = certificate.GetEncoded();
        Fingerprint = ComputeFingerprint(_der);
    }

    /// <summary>The BouncyCastle certificate.</summary>
    public X509Certificate Certificate { get; }

    /// <summary>The ECDSA private key matching <see cref="Certificate"/>.</summary>
    public AsymmetricKeyParameter PrivateKey { get; }

    /// <summary>The certificate's DER encoding, the bytes the fingerprint is computed over.</summary>
    public ReadOnlySpan<byte> DerEncoded => _der;

    /// <summary>The SDP fingerprint value, <c>sha-256 AB:CD:...</c> (upper-case hex pairs separated by colons).</summary>
    public string Fingerprint { get; }

    /// <summary>End of the validity period (UTC); generate a new certificate before handing this one out after it.</summary>
    public DateTime NotAfter => Certificate.NotAfter.ToUniversalTime();

    /// <summary>
    /// Generates a key pair on secp256r1 and a self-signed certificate for it: random positive 64-bit serial,
    /// CN=RtcLive, valid from a day ago (tolerates peers whose clock runs behind) for <paramref name="validity"/>.
    /// </summary>
    public static DtlsCertificate Generate(TimeSpan? validity = null)
    {
        var random = new SecureRandom();

        var keyGenerator = new ECKeyPairGenerator();
        keyGenerator.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, random));
        AsymmetricCipherKeyPair keyPair = keyGenerator.GenerateKeyPair();

        var name = new X509Name("CN=RtcLive");
        DateTime now = DateTime.UtcNow;
        var generator = new X509V3CertificateGenerator();
        // Serial numbers must be positive; 63 random bits plus one keeps it so and never zero.
        generator.SetSerialNumber(new BigInteger(63, random).Add(BigInteger.One));
        generator.SetIssuerDN(name);
        generator.SetSubjectDN(name);
        generator.SetNotBefore(now.AddDays(-1));
        generator.SetNotAfter(now.Add(validity ?? DefaultValidity));
        generator.SetPublicKey(keyPair.Public);

        X509Certificate certificate = generator.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", keyPair.Private, random));
        return new DtlsCertificate(certificate, keyPair.Private);
    }

    /// <summary>The SDP fingerprint (<c>sha-256 AB:CD:...</c>) of a DER-encoded certificate.</summary>
    public static string ComputeFingerprint(byte[] der)
    {
        ArgumentNullException.ThrowIfNull(der);
        return DtlsFingerprint.Sha256Of(der).ToString();
    }
}
