using RtcLive.WebRtc.Rtcp;

namespace RtcLive.Sfu.Feedback;

/// <summary>
/// Reception statistics of one source stream a publisher sends us (RFC 3550 §6.4.1 and appendix A), for
/// the report blocks of our receiver reports: packets received, extended highest sequence number,
/// cumulative and interval loss, interarrival jitter in the stream's clock, and LSR/DLSR from its last SR.
/// <para>
/// Sequence validation follows RFC 3550 A.1, simplified: the first packet starts the stream without
/// probation; a jump of 3000 or more ahead (or more than 100 behind) is taken as a restarted stream only
/// when the next packet continues from it, else dropped as stray. Duplicates of any of the last 128
/// numbers are recognised and not counted. Jitter (A.8) is updated from in-order packets only, since a
/// reordered or retransmitted packet says nothing about the path's timing.
/// </para>
/// One per stream; not thread-safe.
/// </summary>
public sealed class RtpReceiveStatistics
{
    private const int MaxDropout = 3000;
    private const int MaxMisorder = 100;
    private const int SequenceSpace = 1 << 16;
    private const int DuplicateWindow = 128; // bits in _seen

    private bool _started;
    private ushort _maxSequence;
    private uint _cycles;       // count of wraps, shifted left 16 (RFC 3550 A.1)
    private uint _baseSequence;
    private int _badSequence = SequenceSpace + 1; // none pending
    private UInt128 _seen;      // bit i: (max − i) arrived
    private long _expectedPrior;
    private long _receivedPrior;
    private bool _hasTransit;
    private long _lastArrival; // arrival of the last in-order packet
    private uint _lastTimestamp;
    private double _jitter;
    private uint _lastSenderReport;
    private long _lastSenderReportArrival;

    /// <exception cref="ArgumentOutOfRangeException">A clock rate that is not positive.</exception>
    public RtpReceiveStatistics(uint ssrc, int clockRate)
    {
        if (clockRate <= 0)
            throw new ArgumentOutOfRangeException(nameof(clockRate), clockRate, "The clock rate is positive.");
        Ssrc = ssrc;
        ClockRate = clockRate;
    }

    public uint Ssrc { get; }

    public int ClockRate { get; }

    /// <summary>Packets counted as received (stray packets and duplicates are not).</summary>
    public long PacketsReceived { get; private set; }

    /// <summary>Duplicates recognised and left out.</summary>
    public long Duplicates { get; private set; }

    /// <summary>Cycles in the high 16 bits, the highest sequence number in the low 16.</summary>
    public uint ExtendedHighestSequenceNumber => _cycles + _maxSequence;

    /// <summary>Packets expected since the stream (re)started: highest minus first, plus one.</summary>
    public long PacketsExpected => _started ? (long)ExtendedHighestSequenceNumber - _baseSequence + 1 : 0;

    /// <summary>Expected minus received since the stream (re)started; late packets can make it fall.</summary>
    public long CumulativeLost => PacketsExpected - PacketsReceived;

    /// <summary>Interarrival jitter in timestamp units (RFC 3550 A.8).</summary>
    public double Jitter => _jitter;

    public double JitterMilliseconds => _jitter * 1000 / ClockRate;

    /// <summary>Fraction lost of the last report interval, in 1/256 (set by <see cref="BuildReportBlock"/>).</summary>
    public byte FractionLost { get; private set; }

    /// <summary>
    /// Counts a packet. False when it is not counted: a duplicate, or a stray far from the stream (kept in
    /// mind in case the stream restarted there).
    /// </summary>
    public bool OnPacket(ushort sequenceNumber, uint rtpTimestamp, long arrivalMicroseconds)
    {
        if (!_started)
        {
            Restart(sequenceNumber);
            _started = true;
            Count(rtpTimestamp, arrivalMicroseconds, inOrder: true);
            return true;
        }

        int ahead = (ushort)(sequenceNumber - _maxSequence);
        bool inOrder = false;
        if (ahead == 0)
        {
            Duplicates++;
            return false;
        }
        if (ahead < MaxDropout)
        {
            if (sequenceNumber < _maxSequence)
                _cycles += SequenceSpace;
            _seen = ahead >= DuplicateWindow ? UInt128.One : (_seen << ahead) | UInt128.One;
            _maxSequence = sequenceNumber;
            inOrder = true;
        }
        else if (ahead <= SequenceSpace - MaxMisorder)
        {
            // A very large jump: a stray packet, or the source restarted its numbering. Two in a row decide.
            if (sequenceNumber != _badSequence)
            {
                _badSequence = (sequenceNumber + 1) & (SequenceSpace - 1);
                return false;
            }
            Restart(sequenceNumber);
            inOrder = true;
        }
        else
        {
            int behind = SequenceSpace - ahead; // 1..MaxMisorder
            UInt128 bit = UInt128.One << behind;
            if ((_seen & bit) != 0)
            {
                Duplicates++;
                return false;
            }
            _seen |= bit;
        }
        Count(rtpTimestamp, arrivalMicroseconds, inOrder);
        return true;
    }

    /// <summary>Remembers the publisher's SR for the LSR and DLSR fields of our next report block.</summary>
    public void OnSenderReport(NtpTimestamp ntpTimestamp, long arrivalMicroseconds)
    {
        _lastSenderReport = ntpTimestamp.Compact;
        _lastSenderReportArrival = arrivalMicroseconds;
    }

    /// <summary>
    /// The report block about this stream for a receiver report sent now, and the start of a new interval
    /// for the fraction lost (RFC 3550 A.3).
    /// </summary>
    public ReportBlock BuildReportBlock(long nowMicroseconds)
    {
        long expected = PacketsExpected;
        long expectedInterval = expected - _expectedPrior;
        long receivedInterval = PacketsReceived - _receivedPrior;
        _expectedPrior = expected;
        _receivedPrior = PacketsReceived;
        FractionLost = ReportBlock.ComputeFractionLost(expectedInterval, receivedInterval);

        uint delaySinceLastSenderReport = _lastSenderReport == 0 ? 0
            : CompactNtp.FromTimeSpan(TimeSpan.FromTicks((nowMicroseconds - _lastSenderReportArrival) * TimeSpan.TicksPerMicrosecond));
        return new ReportBlock(
            Ssrc,
            FractionLost,
            (int)Math.Clamp(CumulativeLost, ReportBlock.MinCumulativeLost, ReportBlock.MaxCumulativeLost),
            ExtendedHighestSequenceNumber,
            (uint)_jitter,
            _lastSenderReport,
            delaySinceLastSenderReport);
    }

    private void Restart(ushort sequenceNumber)
    {
        _baseSequence = sequenceNumber;
        _maxSequence = sequenceNumber;
        _cycles = 0;
        _badSequence = SequenceSpace + 1;
        _seen = UInt128.One;
        PacketsReceived = 0;
        _expectedPrior = 0;
        _receivedPrior = 0;
        _hasTransit = false;
    }

    private void Count(uint rtpTimestamp, long arrivalMicroseconds, bool inOrder)
    {
        PacketsReceived++;
        if (!inOrder)
            return;
        if (_hasTransit)
        {
            // D = (Rj − Ri) − (Sj − Si) in timestamp units; the timestamp difference is taken signed, so
            // 32-bit wraparound and frames sent out of timestamp order come out right.
            double arrivalDelta = (arrivalMicroseconds - _lastArrival) * (double)ClockRate / 1_000_000;
            double difference = arrivalDelta - (int)(rtpTimestamp - _lastTimestamp);
            _jitter += (Math.Abs(difference) - _jitter) / 16;
        }
        _hasTransit = true;
        _lastArrival = arrivalMicroseconds;
        _lastTimestamp = rtpTimestamp;
    }
}
