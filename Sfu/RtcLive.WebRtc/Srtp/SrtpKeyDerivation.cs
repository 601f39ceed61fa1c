namespace RtcLive.WebRtc.Srtp;

/// <summary>
/// The SRTP key derivation function with the AES-CM PRF and a key derivation rate of 0 (RFC 3711 §4.3),
/// which is what DTLS-SRTP uses: keys are derived once per master key and never refreshed.
/// </summary>
public static class SrtpKeyDerivation
{
    /// <summary>Length of the HMAC-SHA1 session authentication key (RFC 3711 §4.2.1, n_a = 160).</summary>
    public const int AuthenticationKeyLength = 20;

    private const int PrfSaltLength = 14;

    /// <summary>Derives the SRTP (labels 0, 1, 2) and SRTCP (labels 3, 4, 5) session keys of one direction.</summary>
    /// <exception cref="ArgumentException">The master key or salt does not have the profile's length.</exception>
    public static (SrtpSessionKeys Rtp, SrtpSessionKeys Rtcp) DeriveSessionKeys(
        SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
    {
        SrtpProfileInfo.Validate(profile);
        if (masterKey.Length != SrtpProfileInfo.KeyLength(profile))
            throw new ArgumentException($"master key is {masterKey.Length} bytes, {SrtpProfileInfo.KeyLength(profile)} expected", nameof(masterKey));
        if (masterSalt.Length != SrtpProfileInfo.SaltLength(profile))
            throw new ArgumentException($"master salt is {masterSalt.Length} bytes, {SrtpProfileInfo.SaltLength(profile)} expected", nameof(masterSalt));

        using var prf = new AesCounterMode(masterKey);
        return (
            DeriveSet(prf, profile, masterSalt, SrtpKeyLabel.RtpEncryption, SrtpKeyLabel.RtpAuthentication, SrtpKeyLabel.RtpSalt),
            DeriveSet(prf, profile, masterSalt, SrtpKeyLabel.RtcpEncryption, SrtpKeyLabel.RtcpAuthentication, SrtpKeyLabel.RtcpSalt));
    }

    /// <summary>
    /// Writes <paramref name="output"/>.Length bytes of the PRF output for one label: AES-CM keystream under the master key,
    /// with IV = (master salt XOR label·2^48) · 2^16. A 12-byte GCM master salt is first multiplied by 2^16 (RFC 7714 §11, erratum 4938).
    /// </summary>
    public static void Derive(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, SrtpKeyLabel label, Span<byte> output)
    {
        using var prf = new AesCounterMode(masterKey);
        Derive(prf, masterSalt, label, output);
    }

    private static void Derive(AesCounterMode prf, ReadOnlySpan<byte> masterSalt, SrtpKeyLabel label, Span<byte> output)
    {
        if (masterSalt.Length > PrfSaltLength)
            throw new ArgumentException($"master salt is {masterSalt.Length} bytes, at most {PrfSaltLength} expected", nameof(masterSalt));
        Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
        iv.Clear();
        masterSalt.CopyTo(iv);
        // key_id = label || (index DIV kdr); with kdr 0 the index part is zero, so only byte 7 changes.
        iv[7] ^= (byte)label;
        output.Clear();
        prf.Apply(iv, output);
    }

    private static SrtpSessionKeys DeriveSet(AesCounterMode prf, SrtpProfile profile, ReadOnlySpan<byte> masterSalt,
        SrtpKeyLabel encryption, SrtpKeyLabel authentication, SrtpKeyLabel salt)
    {
        var encryptionKey = new byte[SrtpProfileInfo.KeyLength(profile)];
        Derive(prf, masterSalt, encryption, encryptionKey);
        byte[] authenticationKey = [];
        if (profile == SrtpProfile.AesCm128HmacSha1_80)
        {
            authenticationKey = new byte[AuthenticationKeyLength];
            Derive(prf, masterSalt, authentication, authenticationKey);
        }
        var sessionSalt = new byte[SrtpProfileInfo.SaltLength(profile)];
        Derive(prf, masterSalt, salt, sessionSalt);
        return new SrtpSessionKeys(encryptionKey, authenticationKey, sessionSalt);
    }
}
