namespace RtcLive.WebRtc.Rtp;

/// <summary>
/// RFC 6464 audio level: one byte, the V (voice activity) flag and the level in −dBov (0 loudest,
/// 127 silence). The SFU reads it to pick active speakers without decoding audio.
/// </summary>
public static class AudioLevelExtension
{
    public const int Length = 1;

    /// <summary>Reads the first byte; later bytes (padding in two-byte form) are ignored.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out bool voiceActivity, out byte level)
    {
        if (value.IsEmpty)
        {
            voiceActivity = false;
            level = 0;
            return false;
        }
        voiceActivity = (value[0] & 0x80) != 0;
        level = (byte)(value[0] & 0x7F);
        return true;
    }

    /// <exception cref="ArgumentException">The destination is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The level is above 127.</exception>
    public static void Write(Span<byte> value, bool voiceActivity, byte level)
    {
        if (value.IsEmpty)
            throw new ArgumentException("An audio level needs 1 byte.", nameof(value));
        if (level > 127)
            throw new ArgumentOutOfRangeException(nameof(level), level, "The level is 0–127 (−dBov).");
        value[0] = (byte)((voiceActivity ? 0x80 : 0) | level);
    }
}
