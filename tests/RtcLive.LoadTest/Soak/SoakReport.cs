namespace RtcLive.LoadTest.Soak;

/// <summary>
/// What a soak found: the churn it made, what the subscribers received, and how the SFU's memory and handles moved
/// (slopes over the samples after the warm-up, so start-up growth does not count as a leak).
/// </summary>
internal sealed record SoakReport(
    string Target,
    DateTimeOffset Started,
    double Minutes,
    int Subscribers,
    double ChurnSeconds,
    int Joins,
    int Leaves,
    int ConnectFailures,
    string? FirstError,
    double LossPercent,
    long FramesCompleted,
    double RssStartMiB,
    double RssEndMiB,
    double RssSlopeKiBPerMinute,
    int HandlesStart,
    int HandlesEnd,
    double HandlesSlopePerMinute,
    int ThreadsStart,
    int ThreadsEnd,
    int? ParticipantsLeftAfterClose,
    IReadOnlyList<SoakSample> Samples);
