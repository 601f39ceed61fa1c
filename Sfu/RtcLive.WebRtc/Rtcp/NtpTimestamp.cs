namespace RtcLive.WebRtc.Rtcp;

/// <summary>
/// A 64-bit NTP timestamp as RTCP carries it: seconds since 1900 in the high 32 bits, the fraction of a
/// second in the low 32. The seconds field wraps in 2036 (era 1); as RFC 4330 suggests, a value whose top
/// bit is clear is read as era 1, which covers 1968–2104.
/// </summary>
public readonly record struct NtpTimestamp(ulong Value)
{
    private static readonly DateTime Era0 = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Era1 = Era0.AddSeconds(1L << 32);

    public NtpTimestamp(uint seconds, uint fraction) : this(((ulong)seconds << 32) | fraction)
    {
    }

    public uint Seconds => (uint)(Value >> 32);

    public uint Fraction => (uint)Value;

    /// <summary>The middle 32 bits (16.16 seconds): what a report block's LSR field holds.</summary>
    public uint Compact => (uint)(Value >> 16);

    /// <exception cref="ArgumentException">The time is not UTC (a local time would be silently shifted).</exception>
    public static NtpTimestamp FromDateTime(DateTime utc)
    {
        if (utc.Kind == DateTimeKind.Local)
            throw new ArgumentException("Pass a UTC time.", nameof(utc));
        long ticks = utc.Ticks - Era0.Ticks; // seconds wrap into the era for times past 2036
        ulong seconds = (ulong)(ticks / TimeSpan.TicksPerSecond);
        ulong remainder = (ulong)(ticks % TimeSpan.TicksPerSecond);
        return new NtpTimestamp(((seconds & 0xFFFFFFFF) << 32) | ((remainder << 32) / TimeSpan.TicksPerSecond));
    }

    public DateTime ToDateTime()
    {
        DateTime era = (Seconds & 0x80000000) != 0 ? Era0 : Era1;
        long fractionTicks = (long)(((ulong)Fraction * TimeSpan.TicksPerSecond) >> 32);
        return era.AddTicks(Seconds * TimeSpan.TicksPerSecond + fractionTicks);
    }
}
