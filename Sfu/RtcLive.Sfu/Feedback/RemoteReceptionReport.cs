namespace RtcLive.Sfu.Feedback;

/// <summary>
/// What a subscriber's report block says about one stream we send it, in units for stats and metrics.
/// </summary>
/// <param name="RoundTripTime">From LSR and DLSR; null when the subscriber had not yet received an SR from us.</param>
/// <param name="FractionLost">Loss over the subscriber's last report interval, 0–1.</param>
/// <param name="CumulativeLost">Packets lost since the stream started.</param>
/// <param name="JitterMilliseconds">Interarrival jitter converted from timestamp units.</param>
/// <param name="ExtendedHighestSequenceNumber">The highest sequence number the subscriber received, with cycles.</param>
public readonly record struct RemoteReceptionReport(
    TimeSpan? RoundTripTime,
    double FractionLost,
    int CumulativeLost,
    double JitterMilliseconds,
    uint ExtendedHighestSequenceNumber);
