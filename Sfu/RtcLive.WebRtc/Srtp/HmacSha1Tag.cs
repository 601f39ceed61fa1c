using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace RtcLive.WebRtc.Srtp;

/// <summary>
/// The HMAC-SHA1 authentication tag of the AES-CM profiles (RFC 3711 §4.2.1), truncated to the profile's tag length.
/// </summary>
/// <remarks>
/// One reusable <see cref="IncrementalHash"/> keeps the keyed inner/outer state, so a tag costs the SHA-1 work and
/// no allocation; measured faster than the static one-shot, which re-keys on every call. Not thread-safe.
/// </remarks>
[SkipLocalsInit]
internal sealed class HmacSha1Tag : IDisposable
{
    private const int Sha1Length = 20;
    private readonly IncrementalHash _hmac;

    public HmacSha1Tag(ReadOnlySpan<byte> key) => _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, key);

    /// <summary>Writes the first <paramref name="tag"/>.Length bytes of HMAC(authenticated || suffix).</summary>
    public void Compute(ReadOnlySpan<byte> authenticated, ReadOnlySpan<byte> suffix, Span<byte> tag)
    {
        Span<byte> full = stackalloc byte[Sha1Length];
        Hash(authenticated, suffix, full);
        full.Slice(0, tag.Length).CopyTo(tag);
    }

    /// <summary>Compares in constant time so the check leaks nothing about how much of a forged tag matched.</summary>
    public bool Verify(ReadOnlySpan<byte> authenticated, ReadOnlySpan<byte> suffix, ReadOnlySpan<byte> tag)
    {
        Span<byte> full = stackalloc byte[Sha1Length];
        Hash(authenticated, suffix, full);
        return CryptographicOperations.FixedTimeEquals(full.Slice(0, tag.Length), tag);
    }

    private void Hash(ReadOnlySpan<byte> authenticated, ReadOnlySpan<byte> suffix, Span<byte> full)
    {
        _hmac.AppendData(authenticated);
        if (!suffix.IsEmpty)
            _hmac.AppendData(suffix);
        _hmac.GetHashAndReset(full);
    }

    public void Dispose() => _hmac.Dispose();
}
