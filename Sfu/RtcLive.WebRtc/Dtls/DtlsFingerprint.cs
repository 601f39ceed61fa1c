using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace RtcLive.WebRtc.Dtls;

/// <summary>
/// A certificate fingerprint as carried in SDP (<c>a=fingerprint:sha-256 AB:CD:...</c>, RFC 8122 §5): a hash
/// function name and the hash of the certificate's DER encoding. The remote peer's fingerprint is the only thing
/// that authenticates it, so the handshake checks the certificate it presents against this value.
/// </summary>
public sealed class DtlsFingerprint : IEquatable<DtlsFingerprint>
{
    private readonly byte[] _value;

    private DtlsFingerprint(string hashFunction, byte[] value)
    {
        HashFunction = hashFunction;
        _value = value;
    }

    /// <summary>Hash function name in the lower-case form RFC 8122 registers, e.g. <c>sha-256</c>.</summary>
    public string HashFunction { get; }

    /// <summary>The hash bytes.</summary>
    public ReadOnlySpan<byte> Value => _value;

    /// <summary>The SHA-256 fingerprint of a DER-encoded certificate, the one browsers and this stack announce.</summary>
    public static DtlsFingerprint Sha256Of(ReadOnlySpan<byte> certificateDer) => new("sha-256", SHA256.HashData(certificateDer));

    /// <summary>Parses the SDP form <c>hash-func SP hex:hex:...</c>; throws <see cref="FormatException"/> when it is not one.</summary>
    public static DtlsFingerprint Parse(string text) =>
        TryParse(text, out var fingerprint) ? fingerprint : throw new FormatException($"not a certificate fingerprint: '{Shorten(text)}'");

    /// <summary>
    /// Parses the SDP form <c>hash-func SP hex:hex:...</c>. Accepts sha-1, sha-256, sha-384 and sha-512 in any letter
    /// case; the number of hex pairs must match the hash length. Returns false for anything else.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out DtlsFingerprint? fingerprint)
    {
        fingerprint = null;
        if (text is null) return false;
        ReadOnlySpan<char> s = text.AsSpan().Trim();
        int space = s.IndexOf(' ');
        if (space <= 0) return false;

        string? hash = CanonicalHashName(s[..space]);
        if (hash is null) return false;
        int length = HashLength(hash);

        ReadOnlySpan<char> hex = s[(space + 1)..].TrimStart(' ');
        // "AB:CD:...:EF" is 3 characters per byte less the missing trailing colon.
        if (hex.Length != length * 3 - 1) return false;

        var value = new byte[length];
        for (int i = 0; i < length; i++)
        {
            int at = i * 3;
            if (i > 0 && hex[at - 1] != ':') return false;
            int hi = HexDigit(hex[at]);
            int lo = HexDigit(hex[at + 1]);
            if (hi < 0 || lo < 0) return false;
            value[i] = (byte)(hi << 4 | lo);
        }
        fingerprint = new DtlsFingerprint(hash, value);
        return true;
    }

    /// <summary>True when <paramref name="certificateDer"/> hashes to this fingerprint with its hash function.</summary>
    public bool Matches(ReadOnlySpan<byte> certificateDer)
    {
        Span<byte> actual = stackalloc byte[64];
        int written = HashFunction switch
        {
            "sha-1" => SHA1.HashData(certificateDer, actual),
            "sha-256" => SHA256.HashData(certificateDer, actual),
            "sha-384" => SHA384.HashData(certificateDer, actual),
            _ => SHA512.HashData(certificateDer, actual),
        };
        return CryptographicOperations.FixedTimeEquals(actual[..written], _value);
    }

    /// <summary>The SDP form: lower-case hash name, a space, upper-case hex pairs joined by colons.</summary>
    public override string ToString() => FormatSdp(HashFunction, _value);

    public bool Equals(DtlsFingerprint? other) =>
        other is not null && HashFunction == other.HashFunction && _value.AsSpan().SequenceEqual(other._value);

    public override bool Equals(object? obj) => Equals(obj as DtlsFingerprint);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(HashFunction);
        hash.AddBytes(_value);
        return hash.ToHashCode();
    }

    internal static string FormatSdp(string hashFunction, ReadOnlySpan<byte> value)
    {
        const string digits = "0123456789ABCDEF";
        int hexLength = value.Length * 3 - 1;
        Span<char> chars = hexLength + hashFunction.Length + 1 <= 512
            ? stackalloc char[hexLength + hashFunction.Length + 1]
            : new char[hexLength + hashFunction.Length + 1];
        hashFunction.AsSpan().CopyTo(chars);
        int at = hashFunction.Length;
        chars[at++] = ' ';
        for (int i = 0; i < value.Length; i++)
        {
            if (i > 0) chars[at++] = ':';
            chars[at++] = digits[value[i] >> 4];
            chars[at++] = digits[value[i] & 0xF];
        }
        return new string(chars);
    }

    private static string? CanonicalHashName(ReadOnlySpan<char> name)
    {
        if (name.Equals("sha-256", StringComparison.OrdinalIgnoreCase)) return "sha-256";
        if (name.Equals("sha-1", StringComparison.OrdinalIgnoreCase)) return "sha-1";
        if (name.Equals("sha-384", StringComparison.OrdinalIgnoreCase)) return "sha-384";
        if (name.Equals("sha-512", StringComparison.OrdinalIgnoreCase)) return "sha-512";
        return null;
    }

    private static int HashLength(string canonicalName) => canonicalName switch
    {
        "sha-1" => 20,
        "sha-256" => 32,
        "sha-384" => 48,
        _ => 64,
    };

    private static int HexDigit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private static string Shorten(string? text) => text is null ? "(null)" : text.Length <= 40 ? text : text[..40] + "...";
}
