using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using PlatformAesGcm = System.Security.Cryptography.AesGcm;

namespace RtcLive.WebRtc.Srtp;

/// <summary>
/// AES-128-GCM with a 12-byte nonce and a 16-byte tag (NIST SP 800-38D), encrypting and decrypting in place.
/// </summary>
/// <remarks>
/// With AES-NI and PCLMULQDQ it runs in managed code (<see cref="Aes128Ni"/>, <see cref="GaloisHash"/>): the
/// platform <see cref="PlatformAesGcm"/> pays about a microsecond of native set-up per call, more than the
/// cryptography itself for a packet, and signals a bad tag with an exception. The managed path verifies the tag
/// before decrypting, so a forged packet is left untouched and costs no exception. Elsewhere it falls back to
/// <see cref="PlatformAesGcm"/>. The managed path keeps no per-call state; the platform one is not thread-safe.
/// </remarks>
[SkipLocalsInit]
internal sealed class Aes128Gcm : IDisposable
{
    public const int NonceLength = 12;
    public const int TagLength = 16;

    /// <summary>Counter values 2..65535 carry data (1 is the tag's), so a message is at most 65534 blocks.</summary>
    public const int MaxLength = (65536 - 2) * Aes128Ni.BlockSize;

    private readonly Vector128<byte>[]? _roundKeys;
    private readonly GaloisHash? _ghash;
    private readonly PlatformAesGcm? _platform;

    /// <param name="allowIntrinsics">False forces the platform implementation (tests compare the two).</param>
    public Aes128Gcm(ReadOnlySpan<byte> key, bool allowIntrinsics = true)
    {
        if (key.Length != 16)
            throw new ArgumentException($"AES-128 key is {key.Length} bytes, 16 expected", nameof(key));
        if (allowIntrinsics && Aes128Ni.IsSupported && GaloisHash.IsSupported)
        {
            _roundKeys = Aes128Ni.ExpandKey(key);
            _ghash = new GaloisHash(Aes128Ni.EncryptBlock(_roundKeys, Vector128<byte>.Zero));
        }
        else
        {
            _platform = new PlatformAesGcm(key, TagLength);
        }
    }

    public bool UsesIntrinsics => _roundKeys is not null;

    public void Encrypt(ReadOnlySpan<byte> nonce, Span<byte> data, Span<byte> tag, ReadOnlySpan<byte> associatedData)
    {
        CheckArguments(nonce, data.Length, tag.Length);
        if (_platform is not null)
        {
            _platform.Encrypt(nonce, data, data, tag, associatedData);
            return;
        }
        Vector128<byte> counterBase = CounterBase(nonce);
        Aes128Ni.XorKeystream(_roundKeys, counterBase, 2, data);
        ComputeTag(counterBase, data, associatedData).CopyTo(tag);
    }

    /// <summary>Verifies the tag and only then decrypts <paramref name="data"/> in place; false (data unchanged on the managed path) on mismatch.</summary>
    public bool TryDecrypt(ReadOnlySpan<byte> nonce, Span<byte> data, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> associatedData)
    {
        CheckArguments(nonce, data.Length, tag.Length);
        if (_platform is not null)
        {
            try
            {
                _platform.Decrypt(nonce, data, tag, data, associatedData);
                return true;
            }
            catch (AuthenticationTagMismatchException)
            {
                return false;
            }
        }
        Vector128<byte> counterBase = CounterBase(nonce);
        Span<byte> expected = stackalloc byte[TagLength];
        ComputeTag(counterBase, data, associatedData).CopyTo(expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, tag))
            return false;
        Aes128Ni.XorKeystream(_roundKeys, counterBase, 2, data);
        return true;
    }

    private static void CheckArguments(ReadOnlySpan<byte> nonce, int dataLength, int tagLength)
    {
        if (nonce.Length != NonceLength)
            throw new ArgumentException("GCM nonce is 12 bytes", nameof(nonce));
        if (tagLength != TagLength)
            throw new ArgumentException("GCM tag is 16 bytes", "tag");
        if (dataLength > MaxLength)
            throw new ArgumentException("message too long for one GCM nonce here", "data");
    }

    /// <summary>J0 without its counter: nonce || 00 00 00 00; counter 1 masks the tag, 2.. encrypt the data.</summary>
    private static Vector128<byte> CounterBase(ReadOnlySpan<byte> nonce)
    {
        Span<byte> block = stackalloc byte[Aes128Ni.BlockSize];
        nonce.CopyTo(block);
        block.Slice(NonceLength).Clear();
        return Vector128.Create((ReadOnlySpan<byte>)block);
    }

    private Vector128<byte> ComputeTag(Vector128<byte> counterBase, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> associatedData)
    {
        Vector128<byte> s = _ghash!.Compute(associatedData, ciphertext);
        return s ^ Aes128Ni.EncryptBlock(_roundKeys, Aes128Ni.CounterBlock(counterBase, 1));
    }

    public void Dispose()
    {
        if (_roundKeys is not null)
            Aes128Ni.ClearKey(_roundKeys);
        _ghash?.Clear();
        _platform?.Dispose();
    }
}
