using System.Buffers.Binary;

namespace RtcLive.WebRtc.Rtp;

/// <summary>
/// The abs-send-time extension: the send time as 24-bit fixed point, 6 bits of seconds and 18 bits of
/// fraction, so it wraps every 64 seconds and has a resolution of about 3.8 µs.
/// </summary>
public static class AbsSendTimeExtension
{
    public const int Length = 3;

    /// <summary>Number of values in one 64-second period (2^24).</summary>
    public const uint Period = 1u << 24;

    private const long MicrosecondsPerPeriod = 64_000_000;

    public static bool TryRead(ReadOnlySpan<byte> value, out uint absSendTime)
    {
        if (value.Length != Length)
        {
            absSendTime = 0;
            return false;
        }
        absSendTime = (uint)(value[0] << 16 | value[1] << 8 | value[2]);
        return true;
    }

    /// <summary>Writes the low 24 bits of <paramref name="absSendTime"/>.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than 3 bytes.</exception>
    public static void Write(Span<byte> value, uint absSendTime)
    {
        if (value.Length < Length)
            throw new ArgumentException("abs-send-time needs 3 bytes.", nameof(value));
        value[0] = (byte)(absSendTime >> 16);
        BinaryPrimitives.WriteUInt16BigEndian(value.Slice(1), (ushort)absSendTime);
    }

    /// <summary>Converts a time in microseconds (any epoch) to the 24-bit value, rounding down.</summary>
    public static uint FromMicroseconds(long microseconds)
    {
        long inPeriod = microseconds % MicrosecondsPerPeriod;
        if (inPeriod < 0)
            inPeriod += MicrosecondsPerPeriod;
        return (uint)((inPeriod << 18) / 1_000_000);
    }

    /// <summary>Converts the 24-bit value to microseconds within its 64-second period, rounding down.</summary>
    public static long ToMicroseconds(uint absSendTime) => ((long)(absSendTime & 0xFFFFFF) * 1_000_000) >> 18;
}
