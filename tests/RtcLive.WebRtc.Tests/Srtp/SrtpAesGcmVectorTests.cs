using RtcLive.WebRtc.Srtp;
using static RtcLive.WebRtc.Tests.Srtp.SrtpTestPackets;

namespace RtcLive.WebRtc.Tests.Srtp;

/// <summary>RFC 7714 §16 (SRTP) and §17 (SRTCP) AEAD_AES_128_GCM vectors, stated with session keys, not master keys.</summary>
public class SrtpAesGcmVectorTests
{
    private static readonly SrtpSessionKeys SessionKeys =
        new(Hex("000102030405060708090a0b0c0d0e0f"), [], Hex("517569642070726f2071756f"));

    private static readonly byte[] Rtp = Hex(
        "8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973 20646976 69736120 696e2070 61727465 73207472 6573");

    private static readonly byte[] Srtp = Hex(
        "8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5 0d294e6f 42a5f47a 51c7d19b 36de3adf 8833" +
        "899d7f27 beb16a91 52cf765e e4390cce");

    private static readonly byte[] Rtcp = Hex(
        "81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61 deadbeef deadbeef deadbeef deadbeef deadbeef");

    private static readonly byte[] SrtcpEncrypted = Hex(
        "81c8000d 4d617273 63e94885 dcdab67c a727d766 2f6b7e99 7ff5c0f7 6c06f32d c676a5f1 730d6fda 4ce09b46 86303ded 0bb9275b" +
        "c84aa458 96cf4d2f c5abf872 45d9eade 800005d4");

    private static readonly byte[] SrtcpAuthenticatedOnly = Hex(
        "81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61 deadbeef deadbeef deadbeef deadbeef deadbeef" +
        "841dd968 3dd78ec9 2ae58790 125f62b3 000005d4");

    private static SrtpContext Context() => SrtpContext.FromSessionKeys(SrtpProfile.AeadAes128Gcm, SessionKeys, SessionKeys);

    [Fact]
    public void Rfc7714_16_1_1_rtp_encryption()
    {
        using var sender = Context();
        Assert.Equal(Srtp, ProtectRtp(sender, Rtp));
    }

    [Fact]
    public void Rfc7714_16_1_2_rtp_decryption()
    {
        using var receiver = Context();
        Assert.Equal(Rtp, UnprotectRtp(receiver, Srtp));
    }

    [Fact]
    public void Rfc7714_17_1_rtcp_encryption()
    {
        using var sender = Context();
        // The vector's SRTCP index is 0x5d4; a sender numbers its packets from 0, so send 0x5d4 packets first.
        for (int i = 0; i < 0x5d4; i++)
            ProtectRtcp(sender, Rtcp);
        Assert.Equal(SrtcpEncrypted, ProtectRtcp(sender, Rtcp));
    }

    [Fact]
    public void Rfc7714_17_1_rtcp_decryption()
    {
        using var receiver = Context();
        Assert.Equal(Rtcp, UnprotectRtcp(receiver, SrtcpEncrypted));
    }

    [Fact]
    public void Rfc7714_17_3_authenticated_only_rtcp_is_verified()
    {
        using var receiver = Context();
        Assert.Equal(Rtcp, UnprotectRtcp(receiver, SrtcpAuthenticatedOnly));

        byte[] forged = (byte[])SrtcpAuthenticatedOnly.Clone();
        forged[20] ^= 1;
        using var other = Context();
        Assert.Null(UnprotectRtcp(other, forged));
    }

    [Fact]
    public void Rfc7714_vectors_reject_a_flipped_bit_anywhere()
    {
        for (int i = 0; i < Srtp.Length; i++)
        {
            using var receiver = Context();
            byte[] forged = (byte[])Srtp.Clone();
            forged[i] ^= 0x04;
            Assert.Null(UnprotectRtp(receiver, forged));
        }
        for (int i = 0; i < SrtcpEncrypted.Length; i++)
        {
            using var receiver = Context();
            byte[] forged = (byte[])SrtcpEncrypted.Clone();
            forged[i] ^= 0x04;
            Assert.Null(UnprotectRtcp(receiver, forged));
        }
    }
}
