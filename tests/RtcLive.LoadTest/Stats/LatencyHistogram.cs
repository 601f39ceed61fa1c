using System.Numerics;

namespace RtcLive.LoadTest.Stats;

/// <summary>
/// Counts of delays in microseconds in log-linear buckets: exact below 128 µs, then 64 buckets per power of two
/// (under 1.6 % error) up to about 35 minutes. Fixed size (14 KiB) and no allocation per sample, so every
/// subscriber keeps its own and one receive thread writes it without locks; readers sum snapshots.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int Linear = 128;
    private const int SubBuckets = 64;
    private const int Octaves = 25;
    public const int BucketCount = Linear + Octaves * SubBuckets;

    private readonly long[] _counts = new long[BucketCount];
    private long _count;
    private long _max;

    public long Count => Volatile.Read(ref _count);

    public long Max => Volatile.Read(ref _max);

    public void Record(long micros)
    {
        if (micros < 0) micros = 0;
        _counts[IndexOf(micros)]++;
        if (micros > _max) Volatile.Write(ref _max, micros);
        Volatile.Write(ref _count, _count + 1);
    }

    internal static int IndexOf(long value)
    {
        if (value < Linear) return (int)value;
        int msb = 63 - BitOperations.LeadingZeroCount((ulong)value);
        int shift = msb - 6;
        int index = Linear + (msb - 7) * SubBuckets + (int)((value >> shift) - SubBuckets);
        return Math.Min(index, BucketCount - 1);
    }

    /// <summary>The largest value that lands in bucket <paramref name="index"/>.</summary>
    internal static long UpperBoundOf(int index)
    {
        if (index < Linear) return index;
        int octave = (index - Linear) / SubBuckets;
        int sub = (index - Linear) % SubBuckets;
        int shift = octave + 1;
        return ((SubBuckets + sub + 1L) << shift) - 1;
    }

    /// <summary>
    /// The nearest-rank percentile (<paramref name="fraction"/> 0.5 for p50, 0.99 for p99): the upper bound of the
    /// bucket holding the sample of rank ⌈fraction·N⌉, capped at the largest sample. 0 when empty.
    /// </summary>
    public long Percentile(double fraction)
    {
        long count = Count;
        if (count == 0) return 0;
        long rank = Math.Max(1, (long)Math.Ceiling(fraction * count));
        long seen = 0;
        for (int i = 0; i < BucketCount; i++)
        {
            seen += _counts[i];
            if (seen >= rank) return Math.Min(UpperBoundOf(i), Max);
        }
        return Max;
    }

    /// <summary>Adds every count of <paramref name="other"/> (a subscriber's, into a run's total).</summary>
    public void Add(LatencyHistogram other)
    {
        long added = 0;
        for (int i = 0; i < BucketCount; i++)
        {
            long n = other._counts[i];
            _counts[i] += n;
            added += n;
        }
        _count += added;
        _max = Math.Max(_max, other.Max);
    }

    /// <summary>
    /// What <paramref name="later"/> recorded since <paramref name="earlier"/> (a copy taken from the same histogram):
    /// the window between two snapshots. The max is the later one's, an upper bound for the window.
    /// </summary>
    public static LatencyHistogram Difference(LatencyHistogram later, LatencyHistogram earlier)
    {
        var result = new LatencyHistogram();
        long count = 0;
        for (int i = 0; i < BucketCount; i++)
        {
            long n = Math.Max(0, later._counts[i] - earlier._counts[i]);
            result._counts[i] = n;
            count += n;
        }
        result._count = count;
        result._max = count > 0 ? later.Max : 0;
        return result;
    }

    public LatencyHistogram Copy()
    {
        var copy = new LatencyHistogram();
        copy.Add(this);
        return copy;
    }
}
