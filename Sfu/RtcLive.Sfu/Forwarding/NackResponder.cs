using RtcLive.WebRtc.Rtcp;

namespace RtcLive.Sfu.Forwarding;

/// <summary>
/// Answers a subscriber's generic NACK for one output stream, one lost number at a time and without
/// allocating: the consumer's <see cref="RtpStreamRewriter"/> maps each output number back to its source
/// packet, the source's <see cref="RtpPacketCache"/> supplies a copy, and the rewriter restamps that copy
/// exactly as it was first forwarded. Numbers the cache lacks come back as
/// <see cref="NackRepairKind.NotCached"/> with their source SSRC and number, for the caller's own NACK to
/// the publisher.
/// <code>
/// foreach (NackRepair repair in new NackResponder(nack, rewriter, layerCaches, buffer))
///     if (repair.Kind == NackRepairKind.Resend) Send(repair.Packet);
///     else if (repair.Kind == NackRepairKind.NotCached) AskPublisher(repair.SourceSsrc, repair.SourceSequenceNumber);
/// </code>
/// </summary>
public ref struct NackResponder
{
    private GenericNack.LostSequenceNumberEnumerator _lost;
    private readonly RtpStreamRewriter _rewriter;
    private readonly ReadOnlySpan<RtpPacketCache> _sourceCaches;
    private readonly Span<byte> _packetBuffer;
    private NackRepair _current;

    /// <param name="nack">The subscriber's NACK for this output stream.</param>
    /// <param name="rewriter">The output stream's rewriter.</param>
    /// <param name="sourceCaches">The caches of every source the stream may have forwarded (one per simulcast
    /// layer), matched by their SSRC.</param>
    /// <param name="packetBuffer">Where resend packets are written; at least as large as every cache's slot.</param>
    /// <exception cref="ArgumentException">The buffer is smaller than a cache slot.</exception>
    public NackResponder(in GenericNack nack, RtpStreamRewriter rewriter, ReadOnlySpan<RtpPacketCache> sourceCaches, Span<byte> packetBuffer)
    {
        foreach (RtpPacketCache cache in sourceCaches)
            if (packetBuffer.Length < cache.SlotSize)
                throw new ArgumentException($"The buffer must hold a cache slot ({cache.SlotSize} bytes).", nameof(packetBuffer));
        _lost = nack.LostSequenceNumbers;
        _rewriter = rewriter;
        _sourceCaches = sourceCaches;
        _packetBuffer = packetBuffer;
        _current = default;
    }

    public readonly NackRepair Current => _current;

    public readonly NackResponder GetEnumerator() => this;

    public bool MoveNext()
    {
        if (!_lost.MoveNext())
            return false;
        ushort lost = _lost.Current;
        if (!_rewriter.TryGetSource(lost, out uint sourceSsrc, out ushort sourceSequenceNumber))
        {
            _current = new NackRepair(NackRepairKind.Unavailable, lost, 0, 0, default);
            return true;
        }

        RtpPacketCache? cache = FindCache(sourceSsrc);
        if (cache is not null && cache.TryGet(sourceSequenceNumber, _packetBuffer, out int length))
        {
            Span<byte> packet = _packetBuffer.Slice(0, length);
            if (_rewriter.TryRewriteForResend(packet, lost))
            {
                _current = new NackRepair(NackRepairKind.Resend, lost, sourceSsrc, sourceSequenceNumber, packet);
                return true;
            }
        }
        _current = new NackRepair(NackRepairKind.NotCached, lost, sourceSsrc, sourceSequenceNumber, default);
        return true;
    }

    private readonly RtpPacketCache? FindCache(uint ssrc)
    {
        foreach (RtpPacketCache cache in _sourceCaches)
            if (cache.Ssrc == ssrc)
                return cache;
        return null;
    }
}
