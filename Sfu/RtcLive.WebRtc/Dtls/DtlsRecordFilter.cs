using System.Buffers.Binary;
using Org.BouncyCastle.Tls;

namespace RtcLive.WebRtc.Dtls;

/// <summary>
/// Screens datagrams before BouncyCastle sees them. RFC 6347 §4.1.2.7 says invalid DTLS records should be
/// silently discarded, but BouncyCastle 2.7.0 turns some of them into a fatal alert that ends the whole session:
/// a record version of {254, 254} throws inside its version parser (internal_error), and an encrypted record too
/// short for the cipher's nonce and tag fails with decode_error instead of being ignored like a bad MAC. Either
/// lets one spoofed datagram tear down a call, so datagrams carrying such records never get that far.
/// </summary>
/// <remarks>
/// A datagram is admitted only if it is a sequence of complete records, each with a known content type, a DTLS
/// 1.0 or 1.2 version, and, once the cipher suite is known, enough ciphertext for that suite in any encrypted
/// (epoch other than 0) record. Legitimate peers never send anything else.
/// </remarks>
internal sealed class DtlsRecordFilter
{
    private const int HeaderLength = 13;

    /// <summary>Before the cipher is known: record structure only.</summary>
    public static readonly DtlsRecordFilter HeadersOnly = new(minCiphertextLength: 0, blockSize: 0, macAfterBlocks: 0);

    private readonly int _minCiphertextLength;
    private readonly int _blockSize;
    private readonly int _macAfterBlocks;

    private DtlsRecordFilter(int minCiphertextLength, int blockSize, int macAfterBlocks)
    {
        _minCiphertextLength = minCiphertextLength;
        _blockSize = blockSize;
        _macAfterBlocks = macAfterBlocks;
    }

    /// <summary>
    /// The rule for the negotiated suite, mirroring the length checks BouncyCastle's ciphers make before they
    /// authenticate (TlsAeadCipher, TlsBlockCipher with DTLS 1.2's explicit IV).
    /// </summary>
    public static DtlsRecordFilter ForCipherSuite(int cipherSuite, bool encryptThenMac) => cipherSuite switch
    {
        // 8-byte explicit nonce + 16-byte tag
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 or CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
            => new DtlsRecordFilter(24, 0, 0),
        // implicit nonce, 16-byte tag
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 => new DtlsRecordFilter(16, 0, 0),
        // AES-CBC with HMAC-SHA1 (20 bytes): explicit IV block, then blocks holding data, MAC and padding;
        // with encrypt-then-MAC the MAC follows the blocks instead.
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA => encryptThenMac
            ? new DtlsRecordFilter(16 + 16 + 20, 16, 20)
            : new DtlsRecordFilter(16 + 21, 16, 0),
        _ => throw new ArgumentOutOfRangeException(nameof(cipherSuite), cipherSuite, "cipher suite not offered by this stack"),
    };

    public bool Admits(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty) return false;
        while (!datagram.IsEmpty)
        {
            if (datagram.Length < HeaderLength) return false;
            byte contentType = datagram[0];
            if (contentType < ContentType.change_cipher_spec || contentType > ContentType.heartbeat) return false;
            // DTLS 1.0 is {254, 255}, DTLS 1.2 {254, 253}; a ClientHello may carry 1.0 in its record header.
            if (datagram[1] != 0xFE || (datagram[2] != 0xFF && datagram[2] != 0xFD)) return false;

            int length = BinaryPrimitives.ReadUInt16BigEndian(datagram.Slice(11, 2));
            if (datagram.Length - HeaderLength < length) return false;

            ushort epoch = BinaryPrimitives.ReadUInt16BigEndian(datagram.Slice(3, 2));
            if (epoch != 0 && !IsPlausibleCiphertext(length)) return false;

            datagram = datagram[(HeaderLength + length)..];
        }
        return true;
    }

    private bool IsPlausibleCiphertext(int length) =>
        length >= _minCiphertextLength && (_blockSize == 0 || (length - _macAfterBlocks) % _blockSize == 0);
}
