using RtcLive.WebRtc.Rtcp;

namespace RtcLive.Sfu.Feedback;

/// <summary>
/// What we can send one subscriber transport, in bits per second, for the simulcast layer choice.
/// Two sources, and the lower wins when both exist:
/// <list type="bullet">
/// <item>REMB the subscriber sends (its own receive-side estimate);</item>
/// <item>transport-cc feedback about the packets we sent it with our transport-wide sequence numbers
/// (<see cref="OnPacketSent"/> records them), run through GCC's loss-based rule — loss under 2 % grows the
/// estimate 8 % per second, 2–10 % holds it, over 10 % cuts it by (1 − 0.5 · loss) — and a delay signal:
/// while the one-way delay trends upward (<see cref="DelayTrendDetector"/>) the estimate does not grow and
/// is capped at 0.85 × the acknowledged bitrate.</item>
/// </list>
/// Feedback is taken in as it comes; verdicts are made in <see cref="Update"/>, which the transport calls
/// periodically (every 100 ms or so). Without either source the estimate stays at the initial value; it is
/// always clamped to [min, max].
/// <para>A path that goes dead is no congested path. When we have sent for
/// <see cref="BandwidthEstimatorOptions.FeedbackOutageMicroseconds"/> and no feedback came back at all, the path is
/// in an outage (<see cref="IsInOutage"/>): the estimate stays where it was, no verdict is made. The first feedback
/// after it ends the outage (<see cref="OutageCount"/>): the receiver then reports as lost whatever we sent into the
/// dead path, and counted as loss that burst would cut the estimate by a third or more (measured in the browser test:
/// 154 of 249 reported lost), after which the subscriber drops a layer or two and climbs back for half a minute. So
/// losses of packets sent before the outage ended are left out (<see cref="OutageLossesIgnored"/>), the delay trend
/// starts over (samples on both sides of the gap are no trend), and the estimate resumes from where it stood.</para>
/// One per subscriber transport; not thread-safe, except that <see cref="OnPacketSent"/> may run on the sending
/// thread while the rest runs on the feedback thread.
/// </summary>
public sealed class BandwidthEstimator
{
    private readonly BandwidthEstimatorOptions _options;
    private readonly SentPacketHistory _history;
    private readonly AcknowledgedBitrate _acknowledged;
    private readonly DelayTrendDetector _delay;
    private double _transportCcEstimate;
    private bool _hasTransportCc;
    private long _rembBitsPerSecond = -1;
    private int _reported; // since the last loss verdict
    private int _lost;
    private bool _delayRoseSinceVerdict;
    private bool _started;
    private long _lastVerdictMicroseconds;
    private long _lastDecreaseMicroseconds;
    // When the first packet sent since the last feedback went out (0: none since). Written by the sending thread,
    // cleared by the feedback thread; a race only moves the outage's start by a packet.
    private long _firstUnansweredSendMicroseconds;
    private long _lossIgnoredBeforeMicroseconds = long.MinValue;

    /// <exception cref="ArgumentOutOfRangeException">Options out of range.</exception>
    public BandwidthEstimator(BandwidthEstimatorOptions? options = null)
    {
        _options = options ?? new BandwidthEstimatorOptions();
        _options.Validate();
        _history = new SentPacketHistory(SentPacketHistory.DefaultCapacity, _options.HistoryWindowMicroseconds);
        _acknowledged = new AcknowledgedBitrate(AcknowledgedBitrate.DefaultCapacity, _options.AcknowledgedWindowMicroseconds);
        _delay = new DelayTrendDetector(_options.DelayWindowMicroseconds, _options.DelayTrendThreshold);
        _transportCcEstimate = _options.InitialBitsPerSecond;
    }

    public BandwidthEstimatorOptions Options => _options;

    /// <summary>Entries the sent-packet ring holds now: it grows with the send rate.</summary>
    internal int SentHistoryCapacity => _history.CurrentCapacity;

    /// <summary>Acknowledgements the acknowledged-bitrate ring holds now: it grows with the feedback rate.</summary>
    internal int AcknowledgedCapacity => _acknowledged.CurrentCapacity;

    /// <summary>The estimate to allocate layers against: the lower of the sources that exist, clamped.</summary>
    public long EstimateBps
    {
        get
        {
            long transportCc = (long)_transportCcEstimate;
            long estimate = _rembBitsPerSecond < 0 ? transportCc
                : _hasTransportCc ? Math.Min(transportCc, _rembBitsPerSecond)
                : _rembBitsPerSecond;
            return Math.Clamp(estimate, _options.MinBitsPerSecond, _options.MaxBitsPerSecond);
        }
    }

    /// <summary>The estimate from transport-cc feedback alone (the initial value until feedback comes).</summary>
    public long TransportCcEstimateBps => (long)_transportCcEstimate;

    /// <summary>True once transport-cc feedback about our packets has arrived.</summary>
    public bool HasTransportCcFeedback => _hasTransportCc;

    /// <summary>The last REMB bitrate, or null when none came.</summary>
    public long? RembBps => _rembBitsPerSecond < 0 ? null : _rembBitsPerSecond;

    /// <summary>Loss fraction behind the last loss verdict (0 before the first).</summary>
    public double LastLossFraction { get; private set; }

    /// <summary>The latest delay verdict: true from a rising trend until a later window shows none.</summary>
    public bool IsDelayIncreasing { get; private set; }

    /// <summary>The rate the subscriber reports receiving our packets at; false until enough feedback.</summary>
    public bool TryGetAcknowledgedBitrate(out long bitsPerSecond) => _acknowledged.TryGetBitrate(out bitsPerSecond);

    /// <summary>Outages of the path that ended (feedback came back after one), for <c>rtclive_subscriber_outages_total</c>.</summary>
    public long OutageCount { get; private set; }

    /// <summary>Packets reported lost that were sent into a dead path, left out of the loss verdicts.</summary>
    public long OutageLossesIgnored { get; private set; }

    /// <summary>
    /// True while the path is dead as far as we can tell: packets have gone out for
    /// <see cref="BandwidthEstimatorOptions.FeedbackOutageMicroseconds"/> or longer with no feedback about anything.
    /// Not sending is no outage (nothing to report on); safe to call from any thread.
    /// </summary>
    public bool IsInOutage(long nowMicroseconds)
    {
        long first = Volatile.Read(ref _firstUnansweredSendMicroseconds);
        return _hasTransportCc && first != 0 && nowMicroseconds - first >= _options.FeedbackOutageMicroseconds;
    }

    public void OnRemb(in ReceiverEstimatedMaxBitrate remb) => OnRemb(remb.Bitrate);

    public void OnRemb(ulong bitsPerSecond) => _rembBitsPerSecond = (long)Math.Min(bitsPerSecond, long.MaxValue);

    /// <summary>Records a packet we sent with <paramref name="transportSequenceNumber"/> in its transport-cc extension.</summary>
    /// <param name="size">Bytes on the wire (the whole RTP packet).</param>
    public void OnPacketSent(ushort transportSequenceNumber, int size, long nowMicroseconds)
    {
        _history.OnSent(transportSequenceNumber, size, nowMicroseconds);
        if (Volatile.Read(ref _firstUnansweredSendMicroseconds) == 0)
            Volatile.Write(ref _firstUnansweredSendMicroseconds, Math.Max(1, nowMicroseconds));
    }

    /// <summary>Takes in transport-cc feedback from the subscriber about the packets we sent.</summary>
    /// <param name="feedback">The parsed feedback.</param>
    /// <param name="nowMicroseconds">When it arrived, on the clock of <see cref="OnPacketSent"/>.</param>
    /// <returns>True when this feedback ended an outage of the path (see the remarks on the type): the caller asks
    /// for a keyframe of what the subscriber was receiving, since it missed the frames sent into the dead path.</returns>
    public bool OnTransportCcFeedback(in TransportCcFeedback feedback, long nowMicroseconds)
    {
        bool outageEnded = IsInOutage(nowMicroseconds);
        if (outageEnded)
            EndOutage(nowMicroseconds);
        Volatile.Write(ref _firstUnansweredSendMicroseconds, 0);
        foreach (TransportCcPacketStatus status in feedback)
        {
            switch (_history.Acknowledge(status.SequenceNumber, status.Received, out long sent, out int size))
            {
                case PacketFeedbackChange.Lost when sent < _lossIgnoredBeforeMicroseconds:
                    OutageLossesIgnored++; // sent into the dead path: no sign of congestion
                    break;
                case PacketFeedbackChange.Lost:
                    _reported++;
                    _lost++;
                    break;
                case PacketFeedbackChange.Received:
                    _reported++;
                    _acknowledged.OnAcknowledged(status.ArrivalTimeMicroseconds, size);
                    _delay.OnPacket(sent, status.ArrivalTimeMicroseconds);
                    break;
                case PacketFeedbackChange.ReceivedAfterLoss:
                    // It was late, not lost. Its loss may already be in a past verdict; then a later
                    // verdict is corrected instead, which evens out.
                    if (_lost > 0 && sent >= _lossIgnoredBeforeMicroseconds)
                        _lost--;
                    _acknowledged.OnAcknowledged(status.ArrivalTimeMicroseconds, size);
                    break;
                case PacketFeedbackChange.Repeated:
                    break;
                default:
                    continue; // unknown: not ours, or too old to matter
            }
            _hasTransportCc = true;
        }
        return outageEnded;
    }

    private void EndOutage(long nowMicroseconds)
    {
        OutageCount++;
        _lossIgnoredBeforeMicroseconds = nowMicroseconds;
        _delay.Reset();
        IsDelayIncreasing = false;
        _delayRoseSinceVerdict = false;
        // The gap showed nothing about the path: no growth for it either.
        _lastVerdictMicroseconds = nowMicroseconds;
    }

    /// <summary>Makes the delay and loss verdicts on the feedback taken in so far.</summary>
    public void Update(long nowMicroseconds)
    {
        if (!_started)
        {
            _started = true;
            _lastVerdictMicroseconds = nowMicroseconds;
            _lastDecreaseMicroseconds = nowMicroseconds - _options.MinDecreaseIntervalMicroseconds;
        }
        if (IsInOutage(nowMicroseconds))
            return; // frozen: nothing comes back from a dead path, and what comes after it is judged then

        // The delay verdict holds until the detector has a new one: after a cut it starts over, and until
        // fresh samples show the queue drained the estimate must not grow.
        if (_delay.TryGetSlope(out double slope))
        {
            IsDelayIncreasing = slope > _delay.Threshold;
            if (IsDelayIncreasing && _acknowledged.TryGetBitrate(out long acknowledged))
            {
                _transportCcEstimate = Math.Min(_transportCcEstimate, _options.DelayBackoff * acknowledged);
                _delay.Reset(); // acted on this rise; the next cut needs a rise seen after it
            }
        }
        if (IsDelayIncreasing)
            _delayRoseSinceVerdict = true;

        bool verdictDue = _reported >= _options.MinPacketsPerLossVerdict
            || (_reported > 0 && nowMicroseconds - _lastVerdictMicroseconds >= _options.MaxLossIntervalMicroseconds);
        if (verdictDue)
        {
            double loss = (double)_lost / _reported;
            LastLossFraction = loss;
            if (loss < _options.LowLossFraction)
            {
                if (!_delayRoseSinceVerdict)
                {
                    // Growth for the time since the last verdict, at most a second of it (after a pause in
                    // traffic the link has shown nothing new).
                    long elapsed = Math.Min(nowMicroseconds - _lastVerdictMicroseconds, 1_000_000);
                    _transportCcEstimate *= Math.Pow(1 + _options.IncreasePerSecond, elapsed / 1e6);
                }
            }
            else if (loss > _options.HighLossFraction
                && nowMicroseconds - _lastDecreaseMicroseconds >= _options.MinDecreaseIntervalMicroseconds)
            {
                _transportCcEstimate *= 1 - 0.5 * loss;
                _lastDecreaseMicroseconds = nowMicroseconds;
            }
            _reported = 0;
            _lost = 0;
            _lastVerdictMicroseconds = nowMicroseconds;
            _delayRoseSinceVerdict = false;
        }

        _transportCcEstimate = Math.Clamp(_transportCcEstimate, _options.MinBitsPerSecond, _options.MaxBitsPerSecond);
    }
}
