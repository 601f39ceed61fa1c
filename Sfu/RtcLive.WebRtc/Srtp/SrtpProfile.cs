namespace RtcLive.WebRtc.Srtp;

/// <summary>
/// SRTP protection profiles negotiated through the DTLS use_srtp extension (RFC 5764 §4.1.2, RFC 7714 §14.2).
/// The numeric values are the IANA profile identifiers carried on the wire.
/// </summary>
public enum SrtpProfile : ushort
{
    /// <summary>SRTP_AES128_CM_HMAC_SHA1_80: AES-128 counter mode, 80-bit HMAC-SHA1 tag.</summary>
    AesCm128HmacSha1_80 = 0x0001,

    /// <summary>SRTP_AEAD_AES_128_GCM: AES-128-GCM with a 16-byte tag; cheaper than CM+HMAC on CPUs with AES-NI.</summary>
    AeadAes128Gcm = 0x0007,
}

public static class SrtpProfileInfo
{
    /// <summary>True for the profiles this stack implements.</summary>
    public static bool IsSupported(SrtpProfile profile) =>
        profile is SrtpProfile.AesCm128HmacSha1_80 or SrtpProfile.AeadAes128Gcm;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a profile this stack does not implement.</summary>
    public static void Validate(SrtpProfile profile)
    {
        if (!IsSupported(profile))
            throw new ArgumentOutOfRangeException(nameof(profile), profile, "unsupported SRTP protection profile");
    }

    /// <summary>Master key length in bytes.</summary>
    public static int KeyLength(SrtpProfile profile) => 16;

    /// <summary>Master salt length in bytes (14 for AES-CM, 12 for AEAD GCM).</summary>
    public static int SaltLength(SrtpProfile profile) => profile == SrtpProfile.AeadAes128Gcm ? 12 : 14;

    /// <summary>Bytes appended to an SRTP packet (authentication tag).</summary>
    public static int RtpTagLength(SrtpProfile profile) => profile == SrtpProfile.AeadAes128Gcm ? 16 : 10;

    /// <summary>Bytes appended to an SRTCP packet (E-flag+index word, then the tag).</summary>
    public static int RtcpTrailerLength(SrtpProfile profile) => 4 + RtpTagLength(profile);

    /// <summary>Total keying material to export from DTLS: two keys and two salts.</summary>
    public static int KeyingMaterialLength(SrtpProfile profile) => 2 * (KeyLength(profile) + SaltLength(profile));
}
