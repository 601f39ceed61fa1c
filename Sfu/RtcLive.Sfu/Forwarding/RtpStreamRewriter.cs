using RtcLive.WebRtc.Rtp;
using RtcLive.WebRtc.Sdp;

namespace RtcLive.Sfu.Forwarding;

/// <summary>
/// Turns the packets of whichever source currently feeds one output stream (a consumer of a track) into
/// one continuous RTP stream for the subscriber: its own SSRC, sequence numbers without jumps at source
/// switches, and timestamps that keep advancing with wall-clock time across them.
/// </summary>
/// <remarks>
/// <para>Each source gets fixed offsets, chosen at its first packet: the sequence continues at the newest
/// output + 1, and the timestamp at the newest output timestamp plus the time since that packet was
/// forwarded (in clock-rate ticks, at least 1). With offsets fixed per source, gaps from upstream loss stay
/// gaps (so the subscriber NACKs them), and late or reordered packets still land on their own numbers.</para>
/// <para>A source is one SSRC. The caller says when it changes (<see cref="ResetSource"/>, e.g. when the
/// simulcast selector switches layers or a paused subscription resumes); until then packets of any other
/// SSRC are dropped, so a late packet of the old layer cannot sneak into the new stream. Without a call the
/// first packet's SSRC becomes the source.</para>
/// <para>A ring of the last <see cref="HistorySize"/> output numbers maps each back to its source packet
/// (<see cref="TryGetSource"/>), so a subscriber's NACK can be answered from the source's packet cache and
/// the resend rewritten exactly like the original (<see cref="TryRewriteForResend(Span{byte}, ushort)"/>).</para>
/// <para>For VP8 streams the payload descriptor's picture id and TL0PICIDX are kept continuous too (see
/// <see cref="Vp8PictureIdRewriter"/>). Not thread-safe: one instance per output stream, driven by the
/// thread that forwards its packets.</para>
/// </remarks>
public sealed class RtpStreamRewriter
{
    public const int DefaultHistorySize = 512;

    /// <summary>
    /// History for an audio stream: this node offers no NACK for audio, so the ring only tells late packets and
    /// duplicates apart; 128 numbers are 2.5 s of Opus at 50 packets/s, and 7.5 KiB less per audio consumer.
    /// </summary>
    public const int AudioHistorySize = 128;

    /// <summary>The history size for a stream of this kind.</summary>
    public static int HistorySizeFor(MediaKind kind) =>
        kind == MediaKind.Audio ? AudioHistorySize : DefaultHistorySize;

    /// <summary>
    /// Consecutive packets far behind the window that are taken to mean the source restarted its numbering
    /// (a jump of 32768 or more looks like a step back). One such packet is just very late; a run of them
    /// would otherwise freeze the stream for good.
    /// </summary>
    private const int RestartAfterStalePackets = 8;

    private readonly ForwardingHistory _history;
    private readonly Vp8PictureIdRewriter? _vp8;
    private readonly ushort? _initialSequenceNumber;
    private readonly uint? _initialTimestamp;

    private uint _sourceSsrc;
    private bool _hasSource;
    private bool _sourceStarted;
    private SequenceUnwrapper _sourceSequence; // only ever moved forward, so Last is the newest source packet
    private long _sourceStart;                  // extended source sequence of the packet the source started with
    private ushort _sequenceOffset;
    private uint _timestampOffset;
    private int _stalePackets;
    private bool _hasPrevious;
    private uint _previousSsrc;
    private ushort _previousSequenceOffset;

    private bool _hasForwarded;
    private ushort _lastSequenceNumber;
    private uint _lastTimestamp;
    private long _lastForwardedMs;

    /// <param name="outputSsrc">The SSRC the subscriber sees.</param>
    /// <param name="clockRate">RTP clock rate of the codec (90000 for video, 48000 for Opus).</param>
    /// <param name="rewriteVp8">Also keep VP8 picture ids and TL0PICIDX continuous.</param>
    /// <param name="initialSequenceNumber">The first output sequence number; null keeps the first source's.</param>
    /// <param name="initialTimestamp">The first output timestamp; null keeps the first source's.</param>
    /// <param name="historySize">Output numbers remembered for NACKs: a power of two from 16 to 32768.</param>
    public RtpStreamRewriter(uint outputSsrc, int clockRate, bool rewriteVp8 = false, ushort? initialSequenceNumber = null,
        uint? initialTimestamp = null, int historySize = DefaultHistorySize)
    {
        if (clockRate <= 0)
            throw new ArgumentOutOfRangeException(nameof(clockRate), clockRate, "The clock rate is positive.");
        OutputSsrc = outputSsrc;
        ClockRate = clockRate;
        _history = new ForwardingHistory(historySize);
        _vp8 = rewriteVp8 ? new Vp8PictureIdRewriter() : null;
        _initialSequenceNumber = initialSequenceNumber;
        _initialTimestamp = initialTimestamp;
    }

    public uint OutputSsrc { get; }

    public int ClockRate { get; }

    public int HistorySize => _history.Size;

    /// <summary>True once a source is chosen, by <see cref="ResetSource"/> or by the first packet.</summary>
    public bool HasSource => _hasSource;

    /// <summary>The SSRC whose packets are forwarded (meaningful when <see cref="HasSource"/>).</summary>
    public uint SourceSsrc => _sourceSsrc;

    /// <summary>True once any packet was forwarded.</summary>
    public bool HasForwarded => _hasForwarded;

    /// <summary>The newest output sequence number (meaningful when <see cref="HasForwarded"/>).</summary>
    public ushort LastSequenceNumber => _lastSequenceNumber;

    /// <summary>The timestamp of the newest output packet (meaningful when <see cref="HasForwarded"/>).</summary>
    public uint LastTimestamp => _lastTimestamp;

    /// <summary>
    /// From the next packet of <paramref name="sourceSsrc"/> on, forward that source: it continues the output
    /// at the newest number + 1. Packets of every other SSRC, and of this one older than that packet, are
    /// dropped. Calling it with the current SSRC restarts the source, which closes the gap a pause left.
    /// </summary>
    public void ResetSource(uint sourceSsrc)
    {
        if (_hasSource && _sourceStarted && _hasForwarded)
        {
            // Stragglers of the source being left may still fill the holes it left (see TryFillHole).
            _hasPrevious = true;
            _previousSsrc = _sourceSsrc;
            _previousSequenceOffset = _sequenceOffset;
        }
        _sourceSsrc = sourceSsrc;
        _hasSource = true;
        _sourceStarted = false;
    }

    /// <summary>
    /// Rewrites a whole packet in place: SSRC, sequence number, timestamp and (for VP8) the payload
    /// descriptor. Only a <see cref="RtpRewriteResult.Forwarded"/> packet was touched and is to be sent.
    /// </summary>
    public RtpRewriteResult Rewrite(Span<byte> packet, long nowMs)
    {
        if (!RtpHeader.TryParse(packet, out var header))
            return RtpRewriteResult.Malformed;
        Span<byte> payload = packet.Slice(header.HeaderLength, header.Payload.Length);
        var result = Rewrite(header.Ssrc, header.SequenceNumber, header.Timestamp, payload, nowMs, out ushort sequenceNumber, out uint timestamp);
        if (result == RtpRewriteResult.Forwarded)
        {
            RtpHeaderWriter.SetSsrc(packet, OutputSsrc);
            RtpHeaderWriter.SetSequenceNumber(packet, sequenceNumber);
            RtpHeaderWriter.SetTimestamp(packet, timestamp);
        }
        return result;
    }

    /// <summary>
    /// For a caller that writes its own header (for example with the subscriber's extensions): maps the
    /// source numbers to output ones and rewrites <paramref name="payload"/> (the VP8 descriptor, for a VP8
    /// stream) in place. The out values are meaningful only for <see cref="RtpRewriteResult.Forwarded"/>.
    /// </summary>
    public RtpRewriteResult Rewrite(uint sourceSsrc, ushort sourceSequenceNumber, uint sourceTimestamp, Span<byte> payload,
        long nowMs, out ushort sequenceNumber, out uint timestamp)
    {
        sequenceNumber = 0;
        timestamp = 0;
        if (!_hasSource)
            ResetSource(sourceSsrc);
        if (sourceSsrc != _sourceSsrc)
            return RtpRewriteResult.NotCurrentSource;

        long extended;
        bool isNewest;
        if (!_sourceStarted)
        {
            extended = StartSource(sourceSequenceNumber, sourceTimestamp, nowMs);
            isNewest = true;
        }
        else
        {
            extended = _sourceSequence.PeekUnwrap(sourceSequenceNumber);
            if (extended <= _sourceSequence.Last - _history.Size)
            {
                if (++_stalePackets < RestartAfterStalePackets)
                    return RtpRewriteResult.TooOld;
                extended = StartSource(sourceSequenceNumber, sourceTimestamp, nowMs);
                isNewest = true;
            }
            else
            {
                _stalePackets = 0;
                if (extended < _sourceStart)
                    return RtpRewriteResult.BeforeSourceStart;
                isNewest = extended > _sourceSequence.Last;
            }
        }

        ushort output = (ushort)(sourceSequenceNumber + _sequenceOffset);
        if (!isNewest && _history.WasForwarded(output))
            return RtpRewriteResult.Duplicate;

        Vp8PictureIdOffsets vp8 = _vp8 is null ? default : _vp8.Rewrite(payload);
        if (isNewest)
        {
            if (_hasForwarded)
                RecordHoles(output);
            _sourceSequence.Unwrap(sourceSequenceNumber);
            _lastSequenceNumber = output;
            _lastTimestamp = sourceTimestamp + _timestampOffset;
            _lastForwardedMs = nowMs;
            _hasForwarded = true;
        }
        _history.Record(output, sourceSsrc, sourceSequenceNumber, _timestampOffset, vp8, ForwardingHistoryState.Forwarded);

        sequenceNumber = output;
        timestamp = sourceTimestamp + _timestampOffset;
        return RtpRewriteResult.Forwarded;
    }

    /// <summary>
    /// Whether a packet of the source left at the last switch fills a hole that source left in the output (it was
    /// late: reordered on the way, or repaired by the publisher). Without it the subscriber would keep a hole no
    /// NACK can fill, and count a packet lost that the node did receive.
    /// </summary>
    public bool HasHoleFor(uint sourceSsrc, ushort sourceSequenceNumber) =>
        _hasPrevious && sourceSsrc == _previousSsrc && sourceSsrc != _sourceSsrc
        && TryGetHistory((ushort)(sourceSequenceNumber + _previousSequenceOffset), out var entry)
        && entry.State == ForwardingHistoryState.Mapped && entry.SourceSsrc == sourceSsrc && entry.SourceSequenceNumber == sourceSequenceNumber;

    /// <summary>
    /// Rewrites such a straggler (see <see cref="HasHoleFor"/>) into its hole, exactly as it would have been
    /// forwarded before the switch, and marks the hole filled. False, touching nothing, when it fills none.
    /// </summary>
    public bool TryFillHole(uint sourceSsrc, ushort sourceSequenceNumber, uint sourceTimestamp, Span<byte> payload,
        out ushort sequenceNumber, out uint timestamp)
    {
        sequenceNumber = (ushort)(sourceSequenceNumber + _previousSequenceOffset);
        timestamp = 0;
        if (!HasHoleFor(sourceSsrc, sourceSequenceNumber) || !TryGetHistory(sequenceNumber, out var entry))
            return false;
        if (_vp8 is not null)
            Vp8PictureIdRewriter.Apply(payload, entry.Vp8);
        timestamp = sourceTimestamp + entry.TimestampOffset;
        _history.Record(sequenceNumber, sourceSsrc, sourceSequenceNumber, entry.TimestampOffset, entry.Vp8, ForwardingHistoryState.Forwarded);
        return true;
    }

    /// <summary>
    /// Where output packet <paramref name="sequenceNumber"/> came from: the source SSRC and sequence number
    /// to look up in that source's packet cache. Also known for holes (packets lost before the SFU); false
    /// once the number left the history window or was never part of the output.
    /// </summary>
    public bool TryGetSource(ushort sequenceNumber, out uint sourceSsrc, out ushort sourceSequenceNumber)
    {
        bool found = TryGetHistory(sequenceNumber, out var entry);
        sourceSsrc = entry.SourceSsrc;
        sourceSequenceNumber = entry.SourceSequenceNumber;
        return found;
    }

    /// <summary>
    /// Rewrites a copy of the source packet behind output <paramref name="sequenceNumber"/> (from the
    /// source's packet cache) in place, exactly as it was forwarded: same SSRC, sequence number, timestamp
    /// and VP8 numbers, whatever switches happened since. False, touching nothing, when the number is not in
    /// the history or the packet is not the source packet behind it.
    /// </summary>
    public bool TryRewriteForResend(Span<byte> packet, ushort sequenceNumber)
    {
        if (!RtpHeader.TryParse(packet, out var header))
            return false;
        Span<byte> payload = packet.Slice(header.HeaderLength, header.Payload.Length);
        if (!TryRewriteForResend(sequenceNumber, header.Ssrc, header.SequenceNumber, header.Timestamp, payload, out uint timestamp))
            return false;
        RtpHeaderWriter.SetSsrc(packet, OutputSsrc);
        RtpHeaderWriter.SetSequenceNumber(packet, sequenceNumber);
        RtpHeaderWriter.SetTimestamp(packet, timestamp);
        return true;
    }

    /// <summary>
    /// The resend counterpart of the header-writing <see cref="Rewrite(uint, ushort, uint, Span{byte}, long, out ushort, out uint)"/>:
    /// checks that the source packet is the one behind output <paramref name="sequenceNumber"/>, rewrites its
    /// payload (VP8 descriptor) in place as originally, and gives the output timestamp.
    /// </summary>
    public bool TryRewriteForResend(ushort sequenceNumber, uint sourceSsrc, ushort sourceSequenceNumber, uint sourceTimestamp,
        Span<byte> payload, out uint timestamp)
    {
        timestamp = 0;
        if (!TryGetHistory(sequenceNumber, out var entry) || entry.SourceSsrc != sourceSsrc || entry.SourceSequenceNumber != sourceSequenceNumber)
            return false;
        if (_vp8 is not null)
            Vp8PictureIdRewriter.Apply(payload, entry.Vp8);
        timestamp = sourceTimestamp + entry.TimestampOffset;
        return true;
    }

    /// <summary>
    /// Maps a timestamp of the current source to the output (for translating the publisher's sender reports).
    /// False unless <paramref name="sourceSsrc"/> is the current source and it has started.
    /// </summary>
    public bool TryMapTimestamp(uint sourceSsrc, uint sourceTimestamp, out uint timestamp)
    {
        bool current = _hasSource && _sourceStarted && sourceSsrc == _sourceSsrc;
        timestamp = current ? sourceTimestamp + _timestampOffset : 0;
        return current;
    }

    /// <summary>Chooses the offsets for a source starting with this packet and returns its extended number.</summary>
    private long StartSource(ushort sourceSequenceNumber, uint sourceTimestamp, long nowMs)
    {
        if (_hasForwarded)
        {
            _sequenceOffset = (ushort)(_lastSequenceNumber + 1 - sourceSequenceNumber);
            // A subscriber's jitter buffer expects timestamps to follow wall-clock time; a step of 0 would
            // merge the new frame with the last one.
            long elapsedMs = Math.Max(0, nowMs - _lastForwardedMs);
            long ticks = Math.Max(1, elapsedMs * ClockRate / 1000);
            _timestampOffset = _lastTimestamp + (uint)ticks - sourceTimestamp;
        }
        else
        {
            _sequenceOffset = (ushort)((_initialSequenceNumber ?? sourceSequenceNumber) - sourceSequenceNumber);
            _timestampOffset = (_initialTimestamp ?? sourceTimestamp) - sourceTimestamp;
        }
        _sourceSequence = default;
        _sourceStart = _sourceSequence.Unwrap(sourceSequenceNumber);
        _sourceStarted = true;
        _stalePackets = 0;
        _vp8?.ResetSource();
        return _sourceStart;
    }

    /// <summary>Records the output numbers skipped between the newest packet and <paramref name="output"/>
    /// (lost upstream) with their source numbers, so NACKs for them can be answered or passed upstream.</summary>
    private void RecordHoles(ushort output)
    {
        int holes = Math.Min(SequenceNumber.Distance(_lastSequenceNumber, output) - 1, _history.Size);
        Vp8PictureIdOffsets vp8 = _vp8?.Offsets ?? default;
        for (int i = holes; i >= 1; i--)
        {
            ushort hole = (ushort)(output - i);
            _history.Record(hole, _sourceSsrc, (ushort)(hole - _sequenceOffset), _timestampOffset, vp8, ForwardingHistoryState.Mapped);
        }
    }

    private bool TryGetHistory(ushort sequenceNumber, out ForwardingHistoryEntry entry)
    {
        entry = default;
        if (!_hasForwarded)
            return false;
        int behind = SequenceNumber.Distance(sequenceNumber, _lastSequenceNumber);
        return behind >= 0 && behind < _history.Size && _history.TryGet(sequenceNumber, out entry);
    }
}
