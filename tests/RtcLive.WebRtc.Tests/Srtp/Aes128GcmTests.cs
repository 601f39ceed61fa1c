using RtcLive.WebRtc.Srtp;

namespace RtcLive.WebRtc.Tests.Srtp;

/// <summary>The managed AES-NI/PCLMULQDQ GCM against the platform's AesGcm, which serves as the reference.</summary>
public class Aes128GcmTests
{
    [Fact]
    public void Managed_gcm_matches_the_platform_on_every_shape()
    {
        var random = new Random(11);
        var key = new byte[16];
        var nonce = new byte[12];
        random.NextBytes(key);
        using var managed = new Aes128Gcm(key, allowIntrinsics: true);
        using var platform = new Aes128Gcm(key, allowIntrinsics: false);
        Assert.True(managed.UsesIntrinsics);

        int[] longLengths = [1188, 1500, 4096, 65000];
        foreach (int length in Enumerable.Range(0, 260).Concat(longLengths))
        {
            random.NextBytes(nonce);
            var aad = new byte[random.Next(0, 80)];
            random.NextBytes(aad);
            var plain = new byte[length];
            random.NextBytes(plain);

            byte[] a = (byte[])plain.Clone(), b = (byte[])plain.Clone();
            var tagA = new byte[16];
            var tagB = new byte[16];
            managed.Encrypt(nonce, a, tagA, aad);
            platform.Encrypt(nonce, b, tagB, aad);
            Assert.Equal(b, a);
            Assert.Equal(tagB, tagA);

            Assert.True(managed.TryDecrypt(nonce, a, tagA, aad));
            Assert.Equal(plain, a);
        }
    }

    [Fact]
    public void Managed_gcm_rejects_a_bad_tag_and_leaves_the_data_alone()
    {
        var key = new byte[16];
        var nonce = new byte[12];
        new Random(5).NextBytes(key);
        using var gcm = new Aes128Gcm(key);
        var data = new byte[100];
        var tag = new byte[16];
        byte[] aad = [1, 2, 3];
        gcm.Encrypt(nonce, data, tag, aad);
        byte[] ciphertext = (byte[])data.Clone();

        tag[15] ^= 1;
        Assert.False(gcm.TryDecrypt(nonce, data, tag, aad));
        Assert.Equal(ciphertext, data);
        tag[15] ^= 1;
        Assert.False(gcm.TryDecrypt(nonce, data, tag, [1, 2, 4]));
        Assert.True(gcm.TryDecrypt(nonce, data, tag, aad));
        Assert.Equal(new byte[100], data);
    }
}
