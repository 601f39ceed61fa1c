namespace RtcLive.Sfu.Feedback;

/// <summary>Settings of a <see cref="BandwidthEstimator"/>; the defaults suit a browser subscriber.</summary>
public sealed record BandwidthEstimatorOptions
{
    public long InitialBitsPerSecond { get; init; } = 1_000_000;
    public long MinBitsPerSecond { get; init; } = 100_000;
    public long MaxBitsPerSecond { get; init; } = 20_000_000;

    /// <summary>Loss below this lets the estimate grow (GCC: 2 %).</summary>
    public double LowLossFraction { get; init; } = 0.02;

    /// <summary>Loss above this cuts the estimate by (1 − 0.5 · loss) (GCC: 10 %).</summary>
    public double HighLossFraction { get; init; } = 0.10;

    /// <summary>Growth per second while loss is low and delay is not rising (GCC: 8 %).</summary>
    public double IncreasePerSecond { get; init; } = 0.08;

    /// <summary>Loss cuts come at most this often, so one burst of loss reported in pieces cuts once.</summary>
    public long MinDecreaseIntervalMicroseconds { get; init; } = 300_000;

    /// <summary>Packets reported before a loss verdict, unless <see cref="MaxLossIntervalMicroseconds"/> passes first.</summary>
    public int MinPacketsPerLossVerdict { get; init; } = 20;

    public long MaxLossIntervalMicroseconds { get; init; } = 1_000_000;

    /// <summary>When the delay rises, the estimate is capped at this share of the acknowledged bitrate (GCC: 0.85).</summary>
    public double DelayBackoff { get; init; } = 0.85;

    /// <summary>Rising delay, in µs per µs of arrival time, that counts as a queue building (20 ms per second).</summary>
    public double DelayTrendThreshold { get; init; } = 0.02;

    public long DelayWindowMicroseconds { get; init; } = 500_000;

    public long AcknowledgedWindowMicroseconds { get; init; } = AcknowledgedBitrate.DefaultWindowMicroseconds;

    /// <summary>
    /// Sending this long without any transport-cc feedback coming back is an outage of the path (a dead Wi-Fi, a
    /// cable pulled), not congestion: a receiver getting packets reports every 50–250 ms, and a congested path
    /// still carries feedback. The estimate is frozen during it and the loss of what was sent into it is not
    /// counted (<see cref="BandwidthEstimator.IsInOutage"/>).
    /// </summary>
    public long FeedbackOutageMicroseconds { get; init; } = 1_000_000;

    /// <summary>How long sent packets are remembered for matching feedback.</summary>
    public long HistoryWindowMicroseconds { get; init; } = SentPacketHistory.DefaultWindowMicroseconds;

    /// <exception cref="ArgumentOutOfRangeException">A setting out of range.</exception>
    internal void Validate()
    {
        if (MinBitsPerSecond <= 0 || MaxBitsPerSecond < MinBitsPerSecond)
            throw new ArgumentOutOfRangeException(nameof(MaxBitsPerSecond), "Need 0 < min ≤ max.");
        if (InitialBitsPerSecond < MinBitsPerSecond || InitialBitsPerSecond > MaxBitsPerSecond)
            throw new ArgumentOutOfRangeException(nameof(InitialBitsPerSecond), InitialBitsPerSecond, "The initial estimate lies within [min, max].");
        if (LowLossFraction < 0 || HighLossFraction < LowLossFraction || HighLossFraction > 1)
            throw new ArgumentOutOfRangeException(nameof(HighLossFraction), "Need 0 ≤ low ≤ high ≤ 1.");
        if (DelayBackoff is <= 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(DelayBackoff), DelayBackoff, "The backoff is in (0, 1].");
        if (FeedbackOutageMicroseconds <= 0)
            throw new ArgumentOutOfRangeException(nameof(FeedbackOutageMicroseconds), FeedbackOutageMicroseconds, "The outage threshold must be positive.");
        if (MinPacketsPerLossVerdict < 1)
            throw new ArgumentOutOfRangeException(nameof(MinPacketsPerLossVerdict), MinPacketsPerLossVerdict, "At least one packet.");
    }
}
