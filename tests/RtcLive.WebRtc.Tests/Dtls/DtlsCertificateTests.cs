using Org.BouncyCastle.Crypto.Parameters;
using RtcLive.WebRtc.Dtls;

namespace RtcLive.WebRtc.Tests.Dtls;

public sealed class DtlsCertificateTests
{
    [Fact]
    public void Generates_a_self_signed_ecdsa_p256_certificate()
    {
        DtlsCertificate certificate = DtlsCertificate.Generate();

        Assert.Equal("CN=RtcLive", certificate.Certificate.SubjectDN.ToString());
        Assert.Equal("CN=RtcLive", certificate.Certificate.IssuerDN.ToString());
        Assert.Equal("1.2.840.10045.4.3.2", certificate.Certificate.SigAlgOid); // ecdsa-with-SHA256
        certificate.Certificate.Verify(certificate.Certificate.GetPublicKey()); // throws if not self-signed

        var publicKey = Assert.IsType<ECPublicKeyParameters>(certificate.Certificate.GetPublicKey());
        Assert.Equal(256, publicKey.Parameters.Curve.FieldSize);
        Assert.IsType<ECPrivateKeyParameters>(certificate.PrivateKey);
        Assert.True(certificate.Certificate.SerialNumber.SignValue > 0);
    }

    [Fact]
    public void Validity_starts_a_day_back_and_lasts_the_requested_time()
    {
        DateTime now = DateTime.UtcNow;
        DtlsCertificate certificate = DtlsCertificate.Generate(TimeSpan.FromDays(7));

        DateTime notBefore = certificate.Certificate.NotBefore.ToUniversalTime();
        Assert.InRange(notBefore, now.AddDays(-1).AddMinutes(-1), now.AddDays(-1).AddMinutes(1));
        Assert.InRange(certificate.NotAfter, now.AddDays(7).AddMinutes(-1), now.AddDays(7).AddMinutes(1));
        Assert.True(certificate.Certificate.IsValidNow);
    }

    [Fact]
    public void Each_certificate_is_unique()
    {
        DtlsCertificate a = DtlsCertificate.Generate();
        DtlsCertificate b = DtlsCertificate.Generate();
        Assert.NotEqual(a.Fingerprint, b.Fingerprint);
        Assert.NotEqual(a.Certificate.SerialNumber, b.Certificate.SerialNumber);
    }
}
