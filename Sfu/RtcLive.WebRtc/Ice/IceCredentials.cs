using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace RtcLive.WebRtc.Ice;

/// <summary>
/// An ICE username fragment and password (RFC 8445 §5.3, RFC 8839 §5.4): ice-chars only (ALPHA, DIGIT,
/// "+", "/"), ufrag 4–256 characters, password 22–256. The password keys MESSAGE-INTEGRITY on checks sent
/// to the agent that owns it.
/// </summary>
public sealed class IceCredentials
{
    public const int MinUfragLength = 4;
    public const int MinPasswordLength = 22;
    public const int MaxLength = 256;

    /// <summary>Generated ufrags carry 48 bits of randomness; RFC 8445 asks for at least 24.</summary>
    public const int GeneratedUfragLength = 8;

    /// <summary>Generated passwords carry 144 bits of randomness; RFC 8445 asks for at least 128.</summary>
    public const int GeneratedPasswordLength = 24;

    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private readonly byte[] _ufragBytes;
    private readonly byte[] _passwordBytes;

    /// <exception cref="ArgumentException">Either value is too short, too long, or has a character outside ice-char.</exception>
    public IceCredentials(string ufrag, string password)
    {
        ArgumentNullException.ThrowIfNull(ufrag);
        ArgumentNullException.ThrowIfNull(password);
        if (!IsValidUfrag(ufrag))
            throw new ArgumentException($"An ICE ufrag is {MinUfragLength}–{MaxLength} ice-chars (A-Z a-z 0-9 + /).", nameof(ufrag));
        if (!IsValidPassword(password))
            throw new ArgumentException($"An ICE password is {MinPasswordLength}–{MaxLength} ice-chars (A-Z a-z 0-9 + /).", nameof(password));
        Ufrag = ufrag;
        Password = password;
        _ufragBytes = Encoding.ASCII.GetBytes(ufrag);
        _passwordBytes = Encoding.ASCII.GetBytes(password);
    }

    public string Ufrag { get; }

    public string Password { get; }

    /// <summary>The ufrag's bytes as they appear in USERNAME.</summary>
    public ReadOnlySpan<byte> UfragBytes => _ufragBytes;

    /// <summary>The password's bytes: the short-term MESSAGE-INTEGRITY key.</summary>
    public ReadOnlySpan<byte> PasswordBytes => _passwordBytes;

    /// <summary>New random credentials from a cryptographic generator.</summary>
    public static IceCredentials Generate() =>
        new(RandomNumberGenerator.GetString(IceChars, GeneratedUfragLength),
            RandomNumberGenerator.GetString(IceChars, GeneratedPasswordLength));

    /// <summary>Builds credentials from signaled values (e.g. an SDP offer) without throwing.</summary>
    public static bool TryCreate(string? ufrag, string? password, [NotNullWhen(true)] out IceCredentials? credentials)
    {
        credentials = ufrag is not null && password is not null && IsValidUfrag(ufrag) && IsValidPassword(password)
            ? new IceCredentials(ufrag, password)
            : null;
        return credentials is not null;
    }

    public static bool IsValidUfrag(ReadOnlySpan<char> ufrag) => IsIceString(ufrag, MinUfragLength);

    public static bool IsValidPassword(ReadOnlySpan<char> password) => IsIceString(password, MinPasswordLength);

    /// <summary>Shows the ufrag only: the password is a secret and must not reach logs.</summary>
    public override string ToString() => $"ufrag={Ufrag}";

    private static bool IsIceString(ReadOnlySpan<char> value, int minLength)
    {
        if (value.Length < minLength || value.Length > MaxLength) return false;
        foreach (char c in value)
            if (!char.IsAsciiLetterOrDigit(c) && c != '+' && c != '/') return false;
        return true;
    }
}
