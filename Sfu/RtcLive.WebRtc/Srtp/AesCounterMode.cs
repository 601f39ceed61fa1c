using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace RtcLive.WebRtc.Srtp;

/// <summary>
/// AES-128 in counter mode as SRTP uses it (RFC 3711 §4.1.1): block j of the keystream is AES(key, IV + j), the
/// 16-bit block counter filling the IV's last two bytes, which SRTP always leaves zero. Encryption and decryption
/// are the same XOR.
/// </summary>
/// <remarks>
/// With AES-NI (<see cref="Aes128Ni"/>) the keystream is computed inline; the platform's ECB transform costs a
/// native call and a copy per packet, which is most of the time for packet-sized data. Elsewhere the cached ECB
/// <see cref="ICryptoTransform"/> encrypts a buffer of counter blocks.
/// Not thread-safe: one instance belongs to one direction of one context.
/// </remarks>
internal sealed class AesCounterMode : IDisposable
{
    public const int BlockSize = 16;

    /// <summary>The counter is 16 bits wide, so one IV covers at most 2^16 blocks (1 MiB).</summary>
    public const int MaxLength = BlockSize << 16;

    private const int FallbackChunk = 1024;

    private readonly Vector128<byte>[]? _roundKeys;
    private readonly System.Security.Cryptography.Aes? _aes;
    private readonly ICryptoTransform? _ecb;
    private readonly byte[]? _counterBlocks;
    private readonly byte[]? _keystream;

    /// <param name="key">16-byte AES key.</param>
    /// <param name="allowIntrinsics">False forces the portable ECB path (tests use it to cover both).</param>
    public AesCounterMode(ReadOnlySpan<byte> key, bool allowIntrinsics = true)
    {
        if (key.Length != 16)
            throw new ArgumentException($"AES-128 key is {key.Length} bytes, 16 expected", nameof(key));
        if (allowIntrinsics && Aes128Ni.IsSupported)
        {
            _roundKeys = Aes128Ni.ExpandKey(key);
            return;
        }
        _aes = System.Security.Cryptography.Aes.Create();
        _aes.Key = key.ToArray();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _ecb = _aes.CreateEncryptor();
        _counterBlocks = new byte[FallbackChunk];
        _keystream = new byte[FallbackChunk];
    }

    /// <summary>True when the AES-NI path is in use.</summary>
    public bool UsesIntrinsics => _roundKeys is not null;

    /// <summary>XORs the keystream for <paramref name="iv"/> into <paramref name="data"/> (encrypts or decrypts in place).</summary>
    public void Apply(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        if (iv.Length != BlockSize)
            throw new ArgumentException("counter-mode IV is 16 bytes", nameof(iv));
        if (data.Length > MaxLength)
            throw new ArgumentException("data exceeds the 2^16 blocks one SRTP IV can cover", nameof(data));
        if (data.IsEmpty)
            return; // The ECB transform throws on zero length; an empty SRTCP body is normal (8-byte RR).
        if (_roundKeys is not null)
            Aes128Ni.XorKeystream(_roundKeys, Vector128.Create(iv), 0, data);
        else
            ApplyTransform(iv, data);
    }

    private void ApplyTransform(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        byte[] counters = _counterBlocks!;
        byte[] keystream = _keystream!;
        int block = 0;
        for (int offset = 0; offset < data.Length; offset += FallbackChunk)
        {
            int chunk = Math.Min(FallbackChunk, data.Length - offset);
            int blocks = (chunk + BlockSize - 1) / BlockSize;
            for (int i = 0; i < blocks; i++, block++)
            {
                Span<byte> counter = counters.AsSpan(i * BlockSize, BlockSize);
                iv.CopyTo(counter);
                BinaryPrimitives.WriteUInt16BigEndian(counter.Slice(14), (ushort)block);
            }
            _ecb!.TransformBlock(counters, 0, blocks * BlockSize, keystream, 0);
            Xor(data.Slice(offset, chunk), keystream);
        }
    }

    private static void Xor(Span<byte> data, ReadOnlySpan<byte> keystream)
    {
        int i = 0;
        ref byte d = ref MemoryMarshal.GetReference(data);
        ref byte k = ref MemoryMarshal.GetReference(keystream);
        for (; i + Vector128<byte>.Count <= data.Length; i += Vector128<byte>.Count)
            (Vector128.LoadUnsafe(ref d, (nuint)i) ^ Vector128.LoadUnsafe(ref k, (nuint)i)).StoreUnsafe(ref d, (nuint)i);
        for (; i < data.Length; i++)
            Unsafe.Add(ref d, i) ^= Unsafe.Add(ref k, i);
    }

    public void Dispose()
    {
        if (_roundKeys is not null)
            Aes128Ni.ClearKey(_roundKeys);
        _ecb?.Dispose();
        _aes?.Dispose();
    }
}
