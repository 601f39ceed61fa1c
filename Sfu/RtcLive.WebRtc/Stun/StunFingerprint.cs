namespace RtcLive.WebRtc.Stun;

/// <summary>The FINGERPRINT attribute's value (RFC 8489 §14.7): CRC-32 of the message before it, XORed with "STUN".</summary>
internal static class StunFingerprint
{
    public const int Length = 4;

    /// <summary>The XOR keeps the value distinct from a CRC some other protocol might also compute over the packet.</summary>
    private const uint XorValue = 0x5354554E;

    /// <param name="covered">The message up to (not including) the FINGERPRINT attribute, its header
    /// length already counting the FINGERPRINT attribute.</param>
    public static uint Compute(ReadOnlySpan<byte> covered) => Crc32.Compute(covered) ^ XorValue;
}
