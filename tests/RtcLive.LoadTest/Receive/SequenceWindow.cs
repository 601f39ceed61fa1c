namespace RtcLive.LoadTest.Receive;

/// <summary>One bit per sequence number for the last <see cref="Size"/> extended sequence numbers (a ring).</summary>
internal sealed class SequenceWindow
{
    public const int Size = 4096;
    private readonly ulong[] _bits = new ulong[Size / 64];

    public bool Get(long sequence) => (_bits[(sequence & (Size - 1)) >> 6] & (1UL << (int)(sequence & 63))) != 0;

    public void Set(long sequence) => _bits[(sequence & (Size - 1)) >> 6] |= 1UL << (int)(sequence & 63);

    /// <summary>Forgets (from, to]: the numbers a jump of the highest sequence number passes over or reuses.</summary>
    public void ClearRange(long from, long to)
    {
        if (to - from >= Size)
        {
            Array.Clear(_bits);
            return;
        }
        for (long s = from + 1; s <= to; s++) _bits[(s & (Size - 1)) >> 6] &= ~(1UL << (int)(s & 63));
    }
}
