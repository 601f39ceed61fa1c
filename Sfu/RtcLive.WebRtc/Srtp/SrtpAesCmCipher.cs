using System.Runtime.CompilerServices;
using System.Buffers.Binary;

namespace RtcLive.WebRtc.Srtp;

/// <summary>
/// SRTP_AES128_CM_HMAC_SHA1_80 (RFC 3711 §4.1.1, §4.2.1): AES-CM encryption, then an HMAC-SHA1 tag truncated to
/// 80 bits over the header and ciphertext (plus the ROC for SRTP, plus the E flag and index for SRTCP).
/// </summary>
[SkipLocalsInit]
internal sealed class SrtpAesCmCipher : SrtpCipher
{
    private const int Tag = 10;
    private const int SaltLength = 14;

    private readonly AesCounterMode _rtpCipher;
    private readonly AesCounterMode _rtcpCipher;
    private readonly HmacSha1Tag _rtpAuth;
    private readonly HmacSha1Tag _rtcpAuth;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;

    public SrtpAesCmCipher(SrtpSessionKeys rtp, SrtpSessionKeys rtcp, bool allowIntrinsics = true)
    {
        if (rtp.Salt.Length != SaltLength || rtcp.Salt.Length != SaltLength)
            throw new ArgumentException("AES-CM session salts are 14 bytes");
        _rtpCipher = new AesCounterMode(rtp.EncryptionKey, allowIntrinsics);
        _rtcpCipher = new AesCounterMode(rtcp.EncryptionKey, allowIntrinsics);
        _rtpAuth = new HmacSha1Tag(rtp.AuthenticationKey);
        _rtcpAuth = new HmacSha1Tag(rtcp.AuthenticationKey);
        _rtpSalt = rtp.Salt;
        _rtcpSalt = rtcp.Salt;
    }

    public override SrtpProfile Profile => SrtpProfile.AesCm128HmacSha1_80;

    public override int TagLength => Tag;

    public override void ProtectRtp(Span<byte> packet, int headerLength, int payloadLength, uint ssrc, ulong index)
    {
        Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
        BuildIv(iv, _rtpSalt, ssrc, index);
        _rtpCipher.Apply(iv, packet.Slice(headerLength, payloadLength));

        int authenticated = headerLength + payloadLength;
        Span<byte> roc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(roc, (uint)(index >> 16));
        _rtpAuth.Compute(packet.Slice(0, authenticated), roc, packet.Slice(authenticated, Tag));
    }

    public override bool UnprotectRtp(Span<byte> packet, int headerLength, int payloadLength, uint ssrc, ulong index)
    {
        int authenticated = headerLength + payloadLength;
        Span<byte> roc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(roc, (uint)(index >> 16));
        if (!_rtpAuth.Verify(packet.Slice(0, authenticated), roc, packet.Slice(authenticated, Tag)))
            return false;

        Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
        BuildIv(iv, _rtpSalt, ssrc, index);
        _rtpCipher.Apply(iv, packet.Slice(headerLength, payloadLength));
        return true;
    }

    public override int ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint index)
    {
        Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
        BuildIv(iv, _rtcpSalt, ssrc, index);
        _rtcpCipher.Apply(iv, packet.Slice(RtcpHeaderLength, length - RtcpHeaderLength));

        // Layout (RFC 3711 §3.4): header | encrypted body | E + index | tag over everything before the tag.
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(length, 4), SrtcpEncryptedFlag | index);
        _rtcpAuth.Compute(packet.Slice(0, length + 4), default, packet.Slice(length + 4, Tag));
        return length + 4 + Tag;
    }

    public override int SrtcpIndexOffset(int srtcpLength) => srtcpLength - Tag - 4;

    public override bool UnprotectRtcp(Span<byte> srtcp, uint ssrc, uint indexWord)
    {
        int tagOffset = srtcp.Length - Tag;
        if (!_rtcpAuth.Verify(srtcp.Slice(0, tagOffset), default, srtcp.Slice(tagOffset, Tag)))
            return false;
        if ((indexWord & SrtcpEncryptedFlag) != 0)
        {
            Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
            BuildIv(iv, _rtcpSalt, ssrc, indexWord & MaxSrtcpIndex);
            _rtcpCipher.Apply(iv, srtcp.Slice(RtcpHeaderLength, tagOffset - 4 - RtcpHeaderLength));
        }
        return true;
    }

    /// <summary>IV = (salt·2^16) XOR (SSRC·2^64) XOR (index·2^16) (RFC 3711 §4.1.1); the last two bytes stay zero for the counter.</summary>
    private static void BuildIv(Span<byte> iv, byte[] salt, uint ssrc, ulong index)
    {
        salt.CopyTo(iv);
        iv[14] = 0;
        iv[15] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(iv.Slice(4), BinaryPrimitives.ReadUInt32BigEndian(iv.Slice(4)) ^ ssrc);
        BinaryPrimitives.WriteUInt16BigEndian(iv.Slice(8), (ushort)(BinaryPrimitives.ReadUInt16BigEndian(iv.Slice(8)) ^ (ushort)(index >> 32)));
        BinaryPrimitives.WriteUInt32BigEndian(iv.Slice(10), BinaryPrimitives.ReadUInt32BigEndian(iv.Slice(10)) ^ (uint)index);
    }

    public override void Dispose()
    {
        _rtpCipher.Dispose();
        _rtcpCipher.Dispose();
        _rtpAuth.Dispose();
        _rtcpAuth.Dispose();
    }
}
