namespace RtcLive.WebRtc.Rtcp;

/// <summary>
/// The 32-bit "compact" NTP format (16.16 seconds) of report blocks: LSR is the middle of the last SR's
/// NTP timestamp, DLSR a duration in 1/65536 s. With both, the SR sender measures the round trip
/// (RFC 3550 §6.4.1): arrival − LSR − DLSR.
/// </summary>
public static class CompactNtp
{
    private const long TicksPerUnit = TimeSpan.TicksPerSecond; // scaled by 2^16 below

    public static TimeSpan ToTimeSpan(uint compact) => TimeSpan.FromTicks((long)(((ulong)compact * TicksPerUnit) >> 16));

    /// <summary>Converts a duration, rounding down and saturating at 0 and at 65536 s.</summary>
    public static uint FromTimeSpan(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
            return 0;
        ulong units = ((ulong)duration.Ticks << 16) / TicksPerUnit;
        return units > uint.MaxValue ? uint.MaxValue : (uint)units;
    }

    /// <summary>
    /// Round-trip time from a report block received at <paramref name="arrival"/> (compact NTP).
    /// False when the block's LSR is 0 (no SR reached the reporter yet); a negative result, which only
    /// clock trouble produces, is reported as zero.
    /// </summary>
    public static bool TryGetRoundTripTime(uint arrival, uint lastSenderReport, uint delaySinceLastSenderReport, out TimeSpan roundTripTime)
    {
        roundTripTime = TimeSpan.Zero;
        if (lastSenderReport == 0)
            return false;
        uint rtt = arrival - lastSenderReport - delaySinceLastSenderReport;
        if (rtt < 0x80000000)
            roundTripTime = ToTimeSpan(rtt);
        return true;
    }
}
