using RtcLive.WebRtc.Srtp;
using static RtcLive.WebRtc.Tests.Srtp.SrtpTestPackets;

namespace RtcLive.WebRtc.Tests.Srtp;

public class SrtpKeyDerivationTests
{
    private static readonly byte[] B3MasterKey = Hex("E1F97A0D3E018BE0D64FA32C06DE4139");
    private static readonly byte[] B3MasterSalt = Hex("0EC675AD498AFEEBB6960B3AABE6");

    [Fact]
    public void Rfc3711_B3_session_keys()
    {
        var (rtp, _) = SrtpKeyDerivation.DeriveSessionKeys(SrtpProfile.AesCm128HmacSha1_80, B3MasterKey, B3MasterSalt);

        Assert.Equal(Hex("C61E7A93744F39EE10734AFE3FF7A087"), rtp.EncryptionKey);
        Assert.Equal(Hex("30CBBC08863D8C85D49DB34A9AE1"), rtp.Salt);
        Assert.Equal(Hex("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4"), rtp.AuthenticationKey);
    }

    [Fact]
    public void Rfc3711_B3_long_authentication_keystream()
    {
        // B.3 lists 94 bytes of the label-1 keystream; checking all of it covers the counter across six blocks.
        var output = new byte[94];
        SrtpKeyDerivation.Derive(B3MasterKey, B3MasterSalt, SrtpKeyLabel.RtpAuthentication, output);

        Assert.Equal(Hex(
            "CEBE321F6FF7716B6FD4AB49AF256A15 6D38BAA48F0A0ACF3C34E2359E6CDBCE" +
            "E049646C43D9327AD175578EF7227098 6371C10C9A369AC2F94A8C5FBCDDDC25" +
            "6D6E919A48B610EF17C2041E47403576 6B68642C59BBFC2F34DB60DBDFB2"), output);
    }

    [Fact]
    public void Srtcp_keys_use_their_own_labels()
    {
        var (rtp, rtcp) = SrtpKeyDerivation.DeriveSessionKeys(SrtpProfile.AesCm128HmacSha1_80, B3MasterKey, B3MasterSalt);
        var expected = new byte[16];
        SrtpKeyDerivation.Derive(B3MasterKey, B3MasterSalt, SrtpKeyLabel.RtcpEncryption, expected);

        Assert.Equal(expected, rtcp.EncryptionKey);
        Assert.NotEqual(rtp.EncryptionKey, rtcp.EncryptionKey);
        Assert.NotEqual(rtp.AuthenticationKey, rtcp.AuthenticationKey);
        Assert.NotEqual(rtp.Salt, rtcp.Salt);
    }

    [Fact]
    public void Gcm_master_salt_is_shifted_by_16_bits_and_gives_12_byte_salts()
    {
        // RFC 7714 §11 (erratum 4938): the 96-bit salt times 2^16 is the PRF's 112-bit salt, i.e. two zero bytes appended.
        byte[] key = MasterKey(3);
        byte[] salt12 = MasterSalt(SrtpProfile.AeadAes128Gcm, 9);
        byte[] salt14 = [.. salt12, 0, 0];
        var (rtp, rtcp) = SrtpKeyDerivation.DeriveSessionKeys(SrtpProfile.AeadAes128Gcm, key, salt12);

        var expectedKey = new byte[16];
        var expectedSalt = new byte[12];
        SrtpKeyDerivation.Derive(key, salt14, SrtpKeyLabel.RtpEncryption, expectedKey);
        SrtpKeyDerivation.Derive(key, salt14, SrtpKeyLabel.RtpSalt, expectedSalt);
        Assert.Equal(expectedKey, rtp.EncryptionKey);
        Assert.Equal(expectedSalt, rtp.Salt);
        Assert.Empty(rtp.AuthenticationKey);
        Assert.Equal(12, rtcp.Salt.Length);
    }

    [Fact]
    public void Wrong_lengths_and_profiles_are_refused_with_argument_exceptions()
    {
        Assert.Throws<ArgumentException>(() => SrtpKeyDerivation.DeriveSessionKeys(SrtpProfile.AesCm128HmacSha1_80, new byte[15], new byte[14]));
        Assert.Throws<ArgumentException>(() => SrtpKeyDerivation.DeriveSessionKeys(SrtpProfile.AesCm128HmacSha1_80, new byte[16], new byte[12]));
        Assert.Throws<ArgumentException>(() => SrtpKeyDerivation.DeriveSessionKeys(SrtpProfile.AeadAes128Gcm, new byte[16], new byte[14]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SrtpContext.Create((SrtpProfile)8, new byte[16], new byte[12]));
    }
}
