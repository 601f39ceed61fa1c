namespace RtcLive.WebRtc.Rtp;

/// <summary>
/// Comparison of 16-bit RTP sequence numbers across wraparound: a number is newer when it is less than
/// half the space (32768) ahead. Exactly half is ambiguous; the higher raw value wins, as in libwebrtc.
/// </summary>
public static class SequenceNumber
{
    /// <summary>True when <paramref name="value"/> comes after <paramref name="previous"/>.</summary>
    public static bool IsNewer(ushort value, ushort previous)
    {
        ushort forward = (ushort)(value - previous);
        return forward == 0x8000 ? value > previous : forward != 0 && forward < 0x8000;
    }

    /// <summary>Signed distance from <paramref name="from"/> to <paramref name="to"/> (−32768…32767).</summary>
    public static int Distance(ushort from, ushort to) => (short)(ushort)(to - from);

    /// <summary><paramref name="from"/> advanced by <paramref name="count"/>, wrapping at 65536.</summary>
    public static ushort Add(ushort from, int count) => (ushort)(from + count);
}
