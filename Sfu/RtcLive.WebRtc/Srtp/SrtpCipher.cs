namespace RtcLive.WebRtc.Srtp;

/// <summary>
/// The cryptographic transform of one profile for one direction: encrypts and tags, or verifies and decrypts,
/// packets whose layout the caller (<see cref="SrtpContext"/>) has already checked. Index bookkeeping, replay
/// protection and header parsing live in the context; this type only knows the profile's IV, AAD and trailer layout.
/// </summary>
internal abstract class SrtpCipher : IDisposable
{
    /// <summary>Largest SRTCP index (31 bits, RFC 3711 §3.4).</summary>
    public const uint MaxSrtcpIndex = 0x7FFF_FFFF;

    /// <summary>The E flag of the SRTCP index word: set when the packet body is encrypted.</summary>
    public const uint SrtcpEncryptedFlag = 0x8000_0000;

    /// <summary>Length of the fixed RTCP header plus sender SSRC, which SRTCP never encrypts.</summary>
    public const int RtcpHeaderLength = 8;

    public abstract SrtpProfile Profile { get; }

    /// <summary>Bytes the tag adds to an SRTP packet (and, with the 4-byte index word, to an SRTCP packet).</summary>
    public abstract int TagLength { get; }

    public int SrtcpTrailerLength => 4 + TagLength;

    public static SrtpCipher Create(SrtpProfile profile, SrtpSessionKeys rtp, SrtpSessionKeys rtcp) => profile switch
    {
        SrtpProfile.AesCm128HmacSha1_80 => new SrtpAesCmCipher(rtp, rtcp),
        SrtpProfile.AeadAes128Gcm => new SrtpAesGcmCipher(rtp, rtcp),
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "unsupported SRTP protection profile"),
    };

    /// <summary>
    /// Encrypts <c>packet[headerLength .. headerLength + payloadLength)</c> in place and writes the tag right after it.
    /// <paramref name="index"/> is the 48-bit packet index ROC·2^16 + SEQ.
    /// </summary>
    public abstract void ProtectRtp(Span<byte> packet, int headerLength, int payloadLength, uint ssrc, ulong index);

    /// <summary>
    /// Verifies the tag that follows the payload, and only then decrypts the payload in place.
    /// False when the tag does not match; the payload bytes are then unspecified.
    /// </summary>
    public abstract bool UnprotectRtp(Span<byte> packet, int headerLength, int payloadLength, uint ssrc, ulong index);

    /// <summary>
    /// Encrypts everything after the first 8 bytes of <c>packet[..length)</c> and appends the E flag, index and tag
    /// in the profile's order. Returns the SRTCP length.
    /// </summary>
    public abstract int ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint index);

    /// <summary>Where the E flag and index word sits in an SRTCP packet of <paramref name="srtcpLength"/> bytes.</summary>
    public abstract int SrtcpIndexOffset(int srtcpLength);

    /// <summary>
    /// Verifies an SRTCP packet and, if its E flag is set, decrypts the body in place. The plain RTCP is then
    /// <c>srtcp[..(srtcp.Length - SrtcpTrailerLength))</c>. False when the tag does not match.
    /// </summary>
    public abstract bool UnprotectRtcp(Span<byte> srtcp, uint ssrc, uint indexWord);

    public abstract void Dispose();
}
