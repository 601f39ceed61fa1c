using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using RtcLive.WebRtc.Dtls;
using RtcLive.WebRtc.Tests.Fuzzing;
using Xunit.Abstractions;

namespace RtcLive.WebRtc.Tests.Dtls;

public sealed class DtlsFingerprintTests(ITestOutputHelper output)
{
    private static readonly byte[] Der = Encoding.ASCII.GetBytes("not really a certificate, but hashed all the same");

    [Fact]
    public void Certificate_fingerprint_has_the_sdp_format()
    {
        DtlsCertificate certificate = DtlsCertificate.Generate();
        Assert.Matches(new Regex("^sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}$"), certificate.Fingerprint);
    }

    [Fact]
    public void Certificate_fingerprint_is_sha256_of_the_der_bytes()
    {
        DtlsCertificate certificate = DtlsCertificate.Generate();
        byte[] der = certificate.DerEncoded.ToArray();
        string expected = "sha-256 " + string.Join(":", SHA256.HashData(der).Select(b => b.ToString("X2")));
        Assert.Equal(expected, certificate.Fingerprint);
        Assert.Equal(expected, DtlsCertificate.ComputeFingerprint(der));
        Assert.True(DtlsFingerprint.Parse(certificate.Fingerprint).Matches(der));
    }

    [Fact]
    public void Known_hash_formats_as_upper_case_pairs()
    {
        // SHA-256 of the empty string, FIPS 180-2 / NIST example value.
        Assert.Equal(
            "sha-256 E3:B0:C4:42:98:FC:1C:14:9A:FB:F4:C8:99:6F:B9:24:27:AE:41:E4:64:9B:93:4C:A4:95:99:1B:78:52:B8:55",
            DtlsCertificate.ComputeFingerprint([]));
    }

    [Fact]
    public void Parse_round_trips_and_ignores_letter_case()
    {
        string text = DtlsFingerprint.Sha256Of(Der).ToString();
        var upper = DtlsFingerprint.Parse(text.ToUpperInvariant());
        var lower = DtlsFingerprint.Parse(text.ToLowerInvariant());
        Assert.Equal("sha-256", upper.HashFunction);
        Assert.Equal(upper, lower);
        Assert.Equal(text, lower.ToString());
        Assert.True(lower.Matches(Der));
        Assert.False(lower.Matches(Der.AsSpan(1)));
    }

    [Theory]
    [InlineData("sha-1")]
    [InlineData("SHA-384")]
    [InlineData("sha-512")]
    public void Other_announced_hash_functions_match(string hashName)
    {
        byte[] hash = hashName.ToLowerInvariant() switch
        {
            "sha-1" => SHA1.HashData(Der),
            "sha-384" => SHA384.HashData(Der),
            _ => SHA512.HashData(Der),
        };
        string text = hashName + " " + string.Join(":", hash.Select(b => b.ToString("x2")));

        Assert.True(DtlsFingerprint.TryParse(text, out var fingerprint));
        Assert.Equal(hashName.ToLowerInvariant(), fingerprint.HashFunction);
        Assert.True(fingerprint.Matches(Der));
        Assert.False(fingerprint.Matches(Der.AsSpan(0, 5)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha-256")]
    [InlineData("sha-256 ")]
    [InlineData("md5 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF")]
    [InlineData("sha-256 E3:B0:C4")] // too short for sha-256
    [InlineData("sha-256 E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")] // no colons
    [InlineData("sha-256 E3:B0:C4:42:98:FC:1C:14:9A:FB:F4:C8:99:6F:B9:24:27:AE:41:E4:64:9B:93:4C:A4:95:99:1B:78:52:B8:5G")]
    [InlineData("sha-256 E3-B0:C4:42:98:FC:1C:14:9A:FB:F4:C8:99:6F:B9:24:27:AE:41:E4:64:9B:93:4C:A4:95:99:1B:78:52:B8:55")]
    [InlineData("sha-256 E3:B0:C4:42:98:FC:1C:14:9A:FB:F4:C8:99:6F:B9:24:27:AE:41:E4:64:9B:93:4C:A4:95:99:1B:78:52:B8:55:00")]
    public void Malformed_fingerprints_are_rejected(string? text)
    {
        Assert.False(DtlsFingerprint.TryParse(text, out _));
        if (text is not null) Assert.Throws<FormatException>(() => DtlsFingerprint.Parse(text));
    }

    [Fact]
    public void Fingerprints_of_different_hash_functions_differ()
    {
        var sha256 = DtlsFingerprint.Sha256Of(Der);
        var sha1 = DtlsFingerprint.Parse("sha-1 " + string.Join(":", SHA1.HashData(Der).Select(b => b.ToString("X2"))));
        Assert.NotEqual(sha256, sha1);
        Assert.NotEqual(sha256.GetHashCode(), DtlsFingerprint.Sha256Of(Der.AsSpan(1)).GetHashCode());
    }

    [Fact]
    public void Fuzzed_fingerprint_text_never_throws()
    {
        string[] seeds =
        [
            DtlsFingerprint.Sha256Of(Der).ToString(),
            "sha-1 " + string.Join(":", SHA1.HashData(Der).Select(b => b.ToString("x2"))),
            "SHA-512 " + string.Join(":", SHA512.HashData(Der).Select(b => b.ToString("X2"))),
        ];
        var mutator = new Mutator(20240601, seeds.Select(Encoding.Latin1.GetBytes).ToArray());
        FuzzRunner.Run(output, "SDP fingerprint", mutator, bytes =>
        {
            string text = Encoding.Latin1.GetString(bytes);
            if (DtlsFingerprint.TryParse(text, out var fingerprint))
            {
                // Whatever parses must format back to something that parses to the same value.
                Assert.Equal(fingerprint, DtlsFingerprint.Parse(fingerprint.ToString()));
                fingerprint.Matches(bytes);
            }
        });
    }
}
