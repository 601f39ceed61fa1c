using RtcLive.WebRtc.Rtcp;

namespace RtcLive.Sfu.Feedback;

/// <summary>
/// Sending statistics of one stream we forward to a subscriber (after SSRC, sequence and timestamp
/// rewriting): packet and payload octet counts and the newest RTP timestamp with the time it left, from
/// which the sender reports to the subscriber are written; and what the subscriber's report blocks say
/// back about the stream (round-trip time, loss, jitter). One per output stream; not thread-safe.
/// </summary>
public sealed class RtpSendStatistics
{
    private bool _hasSent;

    /// <exception cref="ArgumentOutOfRangeException">A clock rate that is not positive.</exception>
    public RtpSendStatistics(uint ssrc, int clockRate)
    {
        if (clockRate <= 0)
            throw new ArgumentOutOfRangeException(nameof(clockRate), clockRate, "The clock rate is positive.");
        Ssrc = ssrc;
        ClockRate = clockRate;
    }

    public uint Ssrc { get; }

    public int ClockRate { get; }

    public long PacketsSent { get; private set; }

    /// <summary>Payload octets sent (headers and padding excluded, as the SR's octet count).</summary>
    public long OctetsSent { get; private set; }

    /// <summary>True once a packet went out: only then does a sender report make sense.</summary>
    public bool HasSent => _hasSent;

    /// <summary>The newest RTP timestamp sent.</summary>
    public uint LastRtpTimestamp { get; private set; }

    /// <summary>When the first packet carrying <see cref="LastRtpTimestamp"/> was sent.</summary>
    public long LastRtpTimestampSentMicroseconds { get; private set; }

    /// <summary>The last report block received about this stream, or null before the first.</summary>
    public RemoteReceptionReport? LastReceptionReport { get; private set; }

    /// <summary>
    /// Counts a sent packet. Only a newer timestamp moves the timestamp reference: later packets of the
    /// same frame and retransmissions of older ones do not tell when a newer instant went out.
    /// </summary>
    public void OnPacketSent(uint rtpTimestamp, int payloadLength, long nowMicroseconds)
    {
        PacketsSent++;
        OctetsSent += payloadLength;
        if (!_hasSent || (int)(rtpTimestamp - LastRtpTimestamp) > 0)
        {
            LastRtpTimestamp = rtpTimestamp;
            LastRtpTimestampSentMicroseconds = nowMicroseconds;
        }
        _hasSent = true;
    }

    /// <summary>
    /// The sender info for an SR sent now: <paramref name="ntpNow"/> and the RTP timestamp of the same
    /// instant, extrapolated from the newest timestamp sent by the clock rate (wrapping at 2^32).
    /// The counts wrap at 2^32 as the fields do.
    /// </summary>
    public SenderInfo GetSenderInfo(NtpTimestamp ntpNow, long nowMicroseconds)
    {
        long elapsed = nowMicroseconds - LastRtpTimestampSentMicroseconds;
        long ticks = (long)Math.Round(elapsed * (double)ClockRate / 1_000_000);
        uint rtpTimestamp = (uint)(LastRtpTimestamp + ticks);
        return new SenderInfo(ntpNow, rtpTimestamp, (uint)PacketsSent, (uint)OctetsSent);
    }

    /// <summary>Writes an SR for this stream (with the given report blocks, if any) and returns its length.</summary>
    /// <exception cref="ArgumentException">The destination is too short, or more than 31 blocks.</exception>
    public int WriteSenderReport(Span<byte> destination, NtpTimestamp ntpNow, long nowMicroseconds,
        ReadOnlySpan<ReportBlock> reportBlocks = default) =>
        SenderReport.Write(destination, Ssrc, GetSenderInfo(ntpNow, nowMicroseconds), reportBlocks);

    /// <summary>
    /// Takes in a report block from the subscriber, received at <paramref name="arrival"/> (NTP, the clock
    /// our SRs carry). False, and nothing changes, when the block is about another SSRC.
    /// </summary>
    public bool OnReportBlock(in ReportBlock block, NtpTimestamp arrival)
    {
        if (block.Ssrc != Ssrc)
            return false;
        TimeSpan? roundTripTime = CompactNtp.TryGetRoundTripTime(arrival.Compact, block.LastSenderReport,
            block.DelaySinceLastSenderReport, out TimeSpan rtt) ? rtt : null;
        LastReceptionReport = new RemoteReceptionReport(
            roundTripTime,
            block.FractionLost / 256.0,
            block.CumulativeLost,
            block.Jitter * 1000.0 / ClockRate,
            block.ExtendedHighestSequenceNumber);
        return true;
    }
}
