using RtcLive.WebRtc.Srtp;
using static RtcLive.WebRtc.Tests.Srtp.SrtpTestPackets;

namespace RtcLive.WebRtc.Tests.Srtp;

public class AesCounterModeTests
{
    private static readonly byte[] B2Key = Hex("2B7E151628AED2A6ABF7158809CF4F3C");
    private static readonly byte[] B2Iv = Hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Rfc3711_B2_keystream_segment(bool intrinsics)
    {
        // The whole 1,044,512-byte segment (65,282 blocks) so the last blocks check the 16-bit counter near its top.
        var keystream = new byte[1044512];
        using var cm = new AesCounterMode(B2Key, intrinsics);
        cm.Apply(B2Iv, keystream);

        Assert.Equal(Hex("E03EAD0935C95E80E166B16DD92B4EB4 D23513162B02D0F72A43A2FE4A5F97AB 41E95B3BB0A2E8DD477901E4FCA894C0"),
            keystream[..48]);
        Assert.Equal(Hex("EC8CDF7398607CB0F2D21675EA9EA1E4 362B7C3C6773516318A077D7FC5073AE 6A2CC3787889374FBEB4C81B17BA6C44"),
            keystream[^48..]);
    }

    [Fact]
    public void Intrinsic_and_portable_paths_agree_on_every_length()
    {
        var random = new Random(7);
        var key = new byte[16];
        var iv = new byte[16];
        random.NextBytes(key);
        using var fast = new AesCounterMode(key, allowIntrinsics: true);
        using var portable = new AesCounterMode(key, allowIntrinsics: false);
        for (int length = 0; length <= 2100; length += length < 300 ? 1 : 37)
        {
            random.NextBytes(iv.AsSpan(0, 14));
            var a = new byte[length];
            random.NextBytes(a);
            byte[] b = (byte[])a.Clone();
            byte[] original = (byte[])a.Clone();
            fast.Apply(iv, a);
            portable.Apply(iv, b);
            Assert.Equal(b, a);
            fast.Apply(iv, a);
            Assert.Equal(original, a);
        }
    }

    [Fact]
    public void Empty_data_is_a_no_op_on_the_portable_path()
    {
        using var cm = new AesCounterMode(B2Key, allowIntrinsics: false);
        cm.Apply(B2Iv, Span<byte>.Empty);
    }
}
