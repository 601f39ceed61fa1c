using System.Runtime.CompilerServices;
using System.Buffers.Binary;

namespace RtcLive.WebRtc.Srtp;

/// <summary>
/// AEAD_AES_128_GCM (RFC 7714): the header is associated data, the payload is encrypted, and GCM's 16-byte tag
/// authenticates both. Decryption verifies the tag before any plaintext is released (<see cref="Aes128Gcm"/>).
/// </summary>
[SkipLocalsInit]
internal sealed class SrtpAesGcmCipher : SrtpCipher
{
    private const int Tag = 16;
    private const int NonceLength = 12;

    private readonly Aes128Gcm _rtp;
    private readonly Aes128Gcm _rtcp;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;

    public SrtpAesGcmCipher(SrtpSessionKeys rtp, SrtpSessionKeys rtcp, bool allowIntrinsics = true)
    {
        if (rtp.Salt.Length != NonceLength || rtcp.Salt.Length != NonceLength)
            throw new ArgumentException("AEAD GCM session salts are 12 bytes");
        _rtp = new Aes128Gcm(rtp.EncryptionKey, allowIntrinsics);
        _rtcp = new Aes128Gcm(rtcp.EncryptionKey, allowIntrinsics);
        _rtpSalt = rtp.Salt;
        _rtcpSalt = rtcp.Salt;
    }

    public override SrtpProfile Profile => SrtpProfile.AeadAes128Gcm;

    public override int TagLength => Tag;

    public override void ProtectRtp(Span<byte> packet, int headerLength, int payloadLength, uint ssrc, ulong index)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtpNonce(nonce, ssrc, index);
        Span<byte> payload = packet.Slice(headerLength, payloadLength);
        _rtp.Encrypt(nonce, payload, packet.Slice(headerLength + payloadLength, Tag), packet.Slice(0, headerLength));
    }

    public override bool UnprotectRtp(Span<byte> packet, int headerLength, int payloadLength, uint ssrc, ulong index)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtpNonce(nonce, ssrc, index);
        Span<byte> payload = packet.Slice(headerLength, payloadLength);
        return _rtp.TryDecrypt(nonce, payload, packet.Slice(headerLength + payloadLength, Tag), packet.Slice(0, headerLength));
    }

    public override int ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint index)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtcpNonce(nonce, ssrc, index);
        uint indexWord = SrtcpEncryptedFlag | index;

        // AAD = first 8 bytes || E + index (RFC 7714 §9.2); layout: header | ciphertext | tag | E + index.
        Span<byte> aad = stackalloc byte[RtcpHeaderLength + 4];
        packet.Slice(0, RtcpHeaderLength).CopyTo(aad);
        BinaryPrimitives.WriteUInt32BigEndian(aad.Slice(RtcpHeaderLength), indexWord);

        Span<byte> body = packet.Slice(RtcpHeaderLength, length - RtcpHeaderLength);
        _rtcp.Encrypt(nonce, body, packet.Slice(length, Tag), aad);
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(length + Tag, 4), indexWord);
        return length + Tag + 4;
    }

    public override int SrtcpIndexOffset(int srtcpLength) => srtcpLength - 4;

    public override bool UnprotectRtcp(Span<byte> srtcp, uint ssrc, uint indexWord)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtcpNonce(nonce, ssrc, indexWord & MaxSrtcpIndex);
        int tagOffset = srtcp.Length - 4 - Tag;
        Span<byte> tag = stackalloc byte[Tag];
        srtcp.Slice(tagOffset, Tag).CopyTo(tag);

        if ((indexWord & SrtcpEncryptedFlag) != 0)
        {
            Span<byte> aad = stackalloc byte[RtcpHeaderLength + 4];
            srtcp.Slice(0, RtcpHeaderLength).CopyTo(aad);
            BinaryPrimitives.WriteUInt32BigEndian(aad.Slice(RtcpHeaderLength), indexWord);
            Span<byte> body = srtcp.Slice(RtcpHeaderLength, tagOffset - RtcpHeaderLength);
            return _rtcp.TryDecrypt(nonce, body, tag, aad);
        }

        // Unencrypted SRTCP (RFC 7714 §9.3): the whole packet and the index word are AAD. Moving the index word
        // over the (saved) tag makes that AAD contiguous without a copy of the packet.
        BinaryPrimitives.WriteUInt32BigEndian(srtcp.Slice(tagOffset, 4), indexWord);
        return _rtcp.TryDecrypt(nonce, Span<byte>.Empty, tag, srtcp.Slice(0, tagOffset + 4));
    }

    /// <summary>IV = (00 00 || SSRC || ROC || SEQ) XOR salt (RFC 7714 §8.1); ROC || SEQ is the 48-bit index.</summary>
    private void BuildRtpNonce(Span<byte> nonce, uint ssrc, ulong index)
    {
        _rtpSalt.CopyTo(nonce);
        XorBigEndian(nonce.Slice(2, 4), ssrc);
        XorBigEndian(nonce.Slice(6, 2), (ushort)(index >> 32));
        XorBigEndian(nonce.Slice(8, 4), (uint)index);
    }

    /// <summary>IV = (00 00 || SSRC || 00 00 || 0 || SRTCP index) XOR salt (RFC 7714 §9.1).</summary>
    private void BuildRtcpNonce(Span<byte> nonce, uint ssrc, uint index)
    {
        _rtcpSalt.CopyTo(nonce);
        XorBigEndian(nonce.Slice(2, 4), ssrc);
        XorBigEndian(nonce.Slice(8, 4), index);
    }

    private static void XorBigEndian(Span<byte> target, uint value) =>
        BinaryPrimitives.WriteUInt32BigEndian(target, BinaryPrimitives.ReadUInt32BigEndian(target) ^ value);

    private static void XorBigEndian(Span<byte> target, ushort value) =>
        BinaryPrimitives.WriteUInt16BigEndian(target, (ushort)(BinaryPrimitives.ReadUInt16BigEndian(target) ^ value));

    public override void Dispose()
    {
        _rtp.Dispose();
        _rtcp.Dispose();
    }
}
