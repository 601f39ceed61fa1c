using RtcLive.Sfu.Feedback;
using RtcLive.Sfu.Forwarding;
using RtcLive.Sfu.Node;
using RtcLive.Sfu.Sessions;
using RtcLive.WebRtc.Codecs;
using RtcLive.WebRtc.Rtcp;
using RtcLive.WebRtc.Rtp;
using RtcLive.WebRtc.Sdp;
using RtcLive.WebRtc.Transport;

namespace RtcLive.Sfu.Media;

/// <summary>
/// One producer forwarded to one subscriber (mediasoup's Consumer): picks the simulcast layer, and writes
/// every forwarded packet afresh into a buffer of its thread with the subscriber's SSRC, payload type, continuous
/// sequence numbers and timestamps, VP8 picture ids, and the header extensions negotiated with that
/// subscriber. Runs on the receive thread of the producer's packets.
/// </summary>
public sealed class Consumer
{
    internal const int MaxPacket = 1500;
    private const long LayerUpdateIntervalMs = 250;
    private const long SenderReportIntervalMs = 1000;

    private readonly RtpStreamRewriter _rewriter;
    private readonly SimulcastSelector? _selector;
    private readonly byte[] _midBytes;
    private readonly SubscriberExtensionIds _extensionIds;
    private readonly RtxStream? _rtx;
    private readonly RtpSendStatistics _sendStatistics;
    private readonly byte[] _rtcpBuffer = new byte[128];
    private long _layersUpdatedMs;
    private long _senderReportMs;
    private long _packetsSent;
    private long _bytesSent;
    private long _resent;
    private long _rtxSent;
    private bool _paused;
    private bool _pausedSeen;            // the forwarding thread's view of Paused
    private PreferenceRequest? _pendingPreference;
    // Relay mode (a relay link pulls the track): each layer in the mask goes out as is on its own SSRC.
    private uint[]? _layerSsrcs;
    private int _relayLayerMask;

    private sealed record PreferenceRequest(SimulcastPreference Value);

    internal Consumer(Producer producer, SubscribeSession session, string mid, Codec codec, uint ssrc,
        SubscriberExtensionIds extensions, RtpStreamRewriter? rewriter = null, RtxStream? rtx = null)
    {
        Producer = producer;
        Session = session;
        Mid = mid;
        Codec = codec;
        Ssrc = ssrc;
        _extensionIds = extensions;
        _rtx = rtx;
        _midBytes = System.Text.Encoding.ASCII.GetBytes(mid);
        _sendStatistics = new RtpSendStatistics(Ssrc, codec.ClockRate);
        _rewriter = rewriter ?? new RtpStreamRewriter(Ssrc, codec.ClockRate, rewriteVp8: producer.IsVp8,
            historySize: RtpStreamRewriter.HistorySizeFor(producer.Kind));
        if (producer.IsSimulcast) _selector = new SimulcastSelector();
        Id = $"{producer.Id}>{session.GetHashCode():x}";
    }

    public string Id { get; }
    public Producer Producer { get; }
    public SubscribeSession Session { get; }

    /// <summary>The m-line of the subscriber's SDP this consumer sends on.</summary>
    public string Mid { get; }

    /// <summary>The SSRC the subscriber sees.</summary>
    public uint Ssrc { get; }

    public Codec Codec { get; }

    /// <summary>
    /// The retransmission stream offered with this one (video toward a subscriber whose offer this node writes),
    /// or null. Repairs use it once the subscriber's answer accepted it.
    /// </summary>
    public RtxStream? Rtx => _rtx;

    /// <summary>
    /// A paused consumer forwards nothing (the subscriber does not render the track). Set from the control
    /// plane; the forwarding thread notices the change and, on resume, restarts the stream on a keyframe.
    /// </summary>
    public bool Paused
    {
        get => Volatile.Read(ref _paused);
        set => Volatile.Write(ref _paused, value);
    }

    public SimulcastSelector? Selector => _selector;

    /// <summary>
    /// Asks for a simulcast layer (manual, or auto) from any thread. The selector belongs to the forwarding
    /// thread, so the request is handed over and applied at the next packet.
    /// </summary>
    public void RequestLayer(SimulcastPreference preference) => Volatile.Write(ref _pendingPreference, new PreferenceRequest(preference));

    /// <summary>The layer choice asked for last (applied or about to be).</summary>
    public SimulcastPreference Preference => Volatile.Read(ref _pendingPreference)?.Value ?? _selector?.Preference ?? SimulcastPreference.Auto;

    /// <summary>The simulcast layer being forwarded (0 without simulcast); -1 before the first packet.</summary>
    public int CurrentLayer => _selector?.CurrentLayer ?? 0;

    public long PacketsSent => Interlocked.Read(ref _packetsSent);

    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>
    /// In relay mode, the SSRC each simulcast layer is sent on (index = layer); null otherwise. A relay link asks
    /// for it (<see cref="Control.ISfuNodeControl.SetRelayLayersAsync"/>) and then receives every layer it wants as
    /// its own stream, unchanged (sequence numbers, timestamps, VP8 picture ids), so the node at the other end
    /// republishes them as simulcast and its own subscribers switch between them.
    /// </summary>
    public IReadOnlyList<uint>? RelayLayerSsrcs => Volatile.Read(ref _layerSsrcs);

    /// <summary>Bit n set: layer n is sent (relay mode only).</summary>
    public int RelayLayerMask => Volatile.Read(ref _relayLayerMask);

    /// <summary>Turns relay mode on (once; the session picked the SSRCs and maps them to this consumer).</summary>
    internal void EnableRelayLayers(uint[] ssrcs) => Interlocked.CompareExchange(ref _layerSsrcs, ssrcs, null);

    /// <summary>Sets the layers sent in relay mode; returns the bits newly set (layers that need a keyframe now).</summary>
    internal int SetRelayLayerMask(int mask)
    {
        int before = Interlocked.Exchange(ref _relayLayerMask, mask);
        return mask & ~before;
    }

    internal void Forward(in ForwardedPacket packet, long nowMs)
    {
        if (!Session.IsConnected) return;
        if (Volatile.Read(ref _layerSsrcs) is { } layerSsrcs)
        {
            ForwardLayer(packet, layerSsrcs, nowMs);
            return;
        }
        bool paused = Paused;
        if (paused != _pausedSeen) OnPauseChanged(paused, packet.SourceSsrc, nowMs);
        if (paused) return;
        if (_selector is not null)
        {
            if (Volatile.Read(ref _pendingPreference) is not null && Interlocked.Exchange(ref _pendingPreference, null) is { } request)
                _selector.SetPreference(request.Value, nowMs);
            if (nowMs - _layersUpdatedMs >= LayerUpdateIntervalMs) UpdateSelector(nowMs);
            var decision = _selector.OnPacket(packet.Layer, packet.IsKeyframe, nowMs);
            if (_selector.NeedsKeyframe(out int wanted)) Producer.RequestKeyframe(wanted, nowMs);
            if (!decision.Forward)
            {
                if (_rewriter.HasHoleFor(packet.SourceSsrc, packet.SequenceNumber)) FillHole(packet, nowMs);
                return;
            }
            if (decision.LayerChanged)
            {
                _rewriter.ResetSource(packet.SourceSsrc);
                if (SendRewritten(packet, nowMs) && (uint)packet.Layer < (uint)Producer.Layers.Count)
                    CatchUpAfterSwitch(Producer.Layers[packet.Layer], packet, nowMs);
                return;
            }
        }
        else if (_rewriter.HasSource && _rewriter.SourceSsrc != packet.SourceSsrc)
        {
            // A single-layer source changed its SSRC (a republish feeding a stream that outlives consumers).
            _rewriter.ResetSource(packet.SourceSsrc);
        }
        SendRewritten(packet, nowMs);
    }

    /// <summary>
    /// Rewrites a packet of the current source for the subscriber and sends it. False when the rewriter did not
    /// forward it (a duplicate, too old, not the source).
    /// </summary>
    private bool SendRewritten(in ForwardedPacket packet, long nowMs)
    {
        byte[] buffer = ForwardingScratch.Packet;
        int headerLength = WriteExtensions(buffer, packet, nowMs);
        if (headerLength + packet.Payload.Length > MaxPacket) return false;
        var payload = buffer.AsSpan(headerLength, packet.Payload.Length);
        packet.Payload.CopyTo(payload);
        var result = _rewriter.Rewrite(packet.SourceSsrc, packet.SequenceNumber, packet.Timestamp, payload, nowMs,
            out ushort sequence, out uint timestamp);
        if (result != RtpRewriteResult.Forwarded) return false;

        int length = Finish(buffer, headerLength, payload.Length, sequence, timestamp, packet.Marker);
        if (Session.Send(buffer, length))
        {
            if (_packetsSent == 0 && Producer.Kind == MediaKind.Video) Session.OnFirstVideoSent();
            CountSent(length);
            long nowUs = MediaClock.NowMicroseconds;
            _sendStatistics.OnPacketSent(timestamp, payload.Length, nowUs);
            if (nowMs - _senderReportMs >= SenderReportIntervalMs) SendSenderReport(nowMs, nowUs);
        }
        return true;
    }

    /// <summary>
    /// Right after switching to a layer on its keyframe's first packet: the packets of that layer that overtook it
    /// on the publisher's path (dropped on arrival, not yet the subscriber's layer) are forwarded now from the
    /// layer's cache, in order, instead of leaving holes (see <see cref="LayerSwitchCatchUp"/>).
    /// </summary>
    private void CatchUpAfterSwitch(ProducerLayer layer, in ForwardedPacket switchPacket, long nowMs)
    {
        foreach (Span<byte> cached in new LayerSwitchCatchUp(layer.Cache, switchPacket.SequenceNumber, switchPacket.Timestamp, ForwardingScratch.CacheCopy))
        {
            if (!RtpHeader.TryParse(cached, out var header) || header.Ssrc != switchPacket.SourceSsrc) continue;
            var early = new ForwardedPacket(header.Payload, header.SequenceNumber, header.Timestamp, header.Ssrc, header.Marker,
                layer.Index, isKeyframe: false, 0, false, hasAudioLevel: false);
            if (SendRewritten(early, nowMs)) Producer.Owner.Room.Counters.SwitchStragglers++;
        }
    }

    /// <summary>Relay mode: a packet of a wanted layer, as the publisher sent it, on that layer's own SSRC.</summary>
    private void ForwardLayer(in ForwardedPacket packet, uint[] layerSsrcs, long nowMs)
    {
        int layer = packet.Layer;
        if ((uint)layer >= (uint)layerSsrcs.Length || (Volatile.Read(ref _relayLayerMask) & (1 << layer)) == 0) return;
        byte[] buffer = ForwardingScratch.Packet;
        int headerLength = WriteExtensions(buffer, packet, nowMs);
        if (headerLength + packet.Payload.Length > MaxPacket) return;
        packet.Payload.CopyTo(buffer.AsSpan(headerLength));
        int length = WriteHeader(buffer, headerLength, packet.Payload.Length, packet.SequenceNumber, packet.Timestamp, packet.Marker, layerSsrcs[layer]);
        StampTransportSequence(buffer.AsSpan(0, length));
        if (Session.Send(buffer, length)) CountSent(length);
    }

    /// <summary>Relay mode: resends what the layer's cache still holds, as first sent; the rest is asked of the publisher.</summary>
    private void ResendLayers(in GenericNack nack, uint[] layerSsrcs)
    {
        int layer = Array.IndexOf(layerSsrcs, nack.MediaSsrc);
        if (layer < 0 || layer >= Producer.Layers.Count) return;
        var source = Producer.Layers[layer];
        Span<ushort> missing = stackalloc ushort[64];
        int missingCount = 0;
        long nowMs = Environment.TickCount64;
        byte[] buffer = ForwardingScratch.Packet;
        byte[] cacheCopy = ForwardingScratch.CacheCopy;
        foreach (ushort lost in nack.LostSequenceNumbers)
        {
            if (!source.Cache.TryGet(lost, cacheCopy, out int cachedLength))
            {
                if (!source.Nacks.IsMissing(lost) && missingCount < missing.Length) missing[missingCount++] = lost;
                continue;
            }
            if (!RtpHeader.TryParse(cacheCopy.AsSpan(0, cachedLength), out var header)) continue;
            var resend = new ForwardedPacket(header.Payload, header.SequenceNumber, header.Timestamp, header.Ssrc, header.Marker,
                layer, false, 0, false, hasAudioLevel: false);
            int headerLength = WriteExtensions(buffer, resend, nowMs);
            if (headerLength + resend.Payload.Length > MaxPacket) continue;
            resend.Payload.CopyTo(buffer.AsSpan(headerLength));
            int length = WriteHeader(buffer, headerLength, resend.Payload.Length, header.SequenceNumber, header.Timestamp, header.Marker, layerSsrcs[layer]);
            StampTransportSequence(buffer.AsSpan(0, length));
            if (Session.Send(buffer, length))
            {
                Interlocked.Increment(ref _resent);
                Producer.Owner.Room.Counters.PacketsResent++;
            }
        }
        if (missingCount > 0 && source.Ssrc is { } publisherSsrc) FlushMissing(publisherSsrc, missing[..missingCount], ref missingCount);
    }

    /// <summary>A late packet of the layer left at the last switch, sent into the hole it left (see <see cref="RtpStreamRewriter.HasHoleFor"/>).</summary>
    private void FillHole(in ForwardedPacket packet, long nowMs)
    {
        byte[] buffer = ForwardingScratch.Packet;
        int headerLength = WriteExtensions(buffer, packet, nowMs);
        if (headerLength + packet.Payload.Length > MaxPacket) return;
        var payload = buffer.AsSpan(headerLength, packet.Payload.Length);
        packet.Payload.CopyTo(payload);
        if (!_rewriter.TryFillHole(packet.SourceSsrc, packet.SequenceNumber, packet.Timestamp, payload, out ushort sequence, out uint timestamp)) return;
        int length = Finish(buffer, headerLength, payload.Length, sequence, timestamp, packet.Marker);
        if (Session.Send(buffer, length)) CountSent(length).SwitchStragglers++;
    }

    /// <summary>Counts a packet forwarded to this subscriber, here and in the room's counters (returned for more).</summary>
    private SfuCounters CountSent(int length)
    {
        _packetsSent++;
        _bytesSent += length;
        var counters = Producer.Owner.Room.Counters;
        counters.RtpForwarded++;
        counters.BytesForwarded += length;
        return counters;
    }

    /// <summary>Sender reports let the subscriber sync audio with video and measure the round trip.</summary>
    private void SendSenderReport(long nowMs, long nowUs)
    {
        _senderReportMs = nowMs;
        int length = _sendStatistics.WriteSenderReport(_rtcpBuffer, NtpTimestamp.FromDateTime(DateTime.UtcNow), nowUs);
        Session.SendRtcp(_rtcpBuffer.AsSpan(0, length));
    }

    /// <summary>The subscriber's receiver report about this stream: round trip, loss, jitter.</summary>
    internal void OnReportBlock(in ReportBlock block, NtpTimestamp arrival) => _sendStatistics.OnReportBlock(block, arrival);

    /// <summary>What the subscriber last reported about this stream (round trip, loss, jitter), if anything.</summary>
    public RemoteReceptionReport? LastReceptionReport => _sendStatistics.LastReceptionReport;

    private void OnPauseChanged(bool paused, uint sourceSsrc, long nowMs)
    {
        _pausedSeen = paused;
        if (_selector is not null)
        {
            _selector.SetPaused(paused, nowMs);
            return; // the selector restarts on a keyframe and reports the layer change
        }
        if (!paused)
        {
            // Close the gap the pause left, and give the decoder a keyframe to start from.
            _rewriter.ResetSource(sourceSsrc);
            if (Producer.Kind == MediaKind.Video) Producer.RequestKeyframe(0, nowMs);
        }
    }

    /// <summary>
    /// The subscriber's path came back after an outage: ask for a keyframe of the layer it was getting (it missed the
    /// frames sent meanwhile). Runs on the feedback thread; the layer read is a moment old at worst.
    /// </summary>
    internal void OnPathRestored(long nowMs)
    {
        if (Producer.Kind != MediaKind.Video || Paused) return;
        if (RelayLayerSsrcs is not null)
        {
            int mask = RelayLayerMask;
            for (int relayed = 0; relayed < Producer.Layers.Count; relayed++)
                if ((mask & (1 << relayed)) != 0) Producer.RequestKeyframe(relayed, nowMs);
            return;
        }
        int layer = _selector is { } selector ? (selector.CurrentLayer >= 0 ? selector.CurrentLayer : selector.TargetLayer) : 0;
        if (layer >= 0) Producer.RequestKeyframe(layer, nowMs);
    }

    /// <summary>Tells the selector what each layer carries now and what the subscriber can take.</summary>
    private void UpdateSelector(long nowMs)
    {
        _layersUpdatedMs = nowMs;
        _selector!.SetPathOutage(Session.IsInOutage, nowMs);
        var layers = Producer.Layers;
        for (int i = 0; i < layers.Count && i < SimulcastSelector.LayerCount; i++)
        {
            _selector!.SetLayerActive(i, layers[i].IsActive(nowMs), nowMs);
            _selector.SetLayerBitrate(i, layers[i].BitsPerSecond(nowMs), nowMs);
        }
        _selector!.SetBandwidthEstimate(Session.BandwidthEstimateBps, nowMs);
    }

    /// <summary>
    /// Writes this subscriber's header extensions after the 12-byte fixed header and returns where the payload
    /// starts. The transport-wide sequence number is left for <see cref="Finish"/>: only a packet that is really
    /// sent may take one, or the subscriber's congestion feedback would report losses that never happened.
    /// </summary>
    private int WriteExtensions(Span<byte> buffer, in ForwardedPacket packet, long nowMs)
    {
        var extensions = new RtpHeaderExtensionWriter(buffer.Slice(RtpPacket.FixedHeaderLength), RtpExtensionForm.OneByte);
        var ids = _extensionIds;
        if (ids.Mid != 0) extensions.TryAdd(ids.Mid, _midBytes);
        if (ids.AbsSendTime != 0) extensions.TryAddAbsSendTime(ids.AbsSendTime, AbsSendTimeExtension.FromMicroseconds(nowMs * 1000));
        if (ids.TransportCc != 0) extensions.TryAddTransportSequenceNumber(ids.TransportCc, 0);
        if (packet.HasAudioLevel && ids.AudioLevel != 0)
            extensions.TryAddAudioLevel(ids.AudioLevel, packet.VoiceActivity, packet.AudioLevel);
        return RtpPacket.FixedHeaderLength + extensions.Finish();
    }

    private int Finish(Span<byte> buffer, int headerLength, int payloadLength, ushort sequence, uint timestamp, bool marker)
    {
        int length = WriteHeader(buffer, headerLength, payloadLength, sequence, timestamp, marker);
        StampTransportSequence(buffer[..length]);
        return length;
    }

    private int WriteHeader(Span<byte> buffer, int headerLength, int payloadLength, ushort sequence, uint timestamp, bool marker) =>
        WriteHeader(buffer, headerLength, payloadLength, sequence, timestamp, marker, Ssrc);

    private int WriteHeader(Span<byte> buffer, int headerLength, int payloadLength, ushort sequence, uint timestamp, bool marker, uint ssrc)
    {
        RtpHeaderWriter.Write(buffer,
            new RtpHeaderFields((byte)Codec.PayloadType, sequence, timestamp, ssrc, marker),
            extensionBlock: buffer.Slice(RtpPacket.FixedHeaderLength, headerLength - RtpPacket.FixedHeaderLength));
        return headerLength + payloadLength;
    }

    /// <summary>Last before sending: the packet's final size (an RTX packet is 2 bytes longer) is what the
    /// bandwidth estimate must account for.</summary>
    private void StampTransportSequence(Span<byte> packet)
    {
        if (_extensionIds.TransportCc != 0)
            RtpHeaderExtensionRewriter.TrySetTransportSequenceNumber(packet, _extensionIds.TransportCc,
                Session.NextTransportSequence(packet.Length + DtlsSrtpTransport.SrtpOverhead));
    }

    /// <summary>The subscriber lost a frame: ask the publisher for a keyframe of the layer it receives.</summary>
    internal void OnKeyframeRequest(uint mediaSsrc, long nowMs)
    {
        // In relay mode each layer has its SSRC: the request names the layer.
        int layer = Volatile.Read(ref _layerSsrcs) is { } layerSsrcs ? Array.IndexOf(layerSsrcs, mediaSsrc) : CurrentLayer;
        Producer.RequestKeyframe(Math.Max(0, layer), nowMs);
    }

    /// <summary>
    /// Resends what the producer's caches still hold of the packets the subscriber lost, rebuilt exactly as they
    /// were first forwarded (same numbers, same VP8 picture ids), with fresh header extensions; wrapped as RTX
    /// when the subscriber accepted it.
    /// </summary>
    internal void OnNack(in GenericNack nack, long nowMs)
    {
        if (Volatile.Read(ref _layerSsrcs) is { } layerSsrcs)
        {
            ResendLayers(nack, layerSsrcs);
            return;
        }
        // What the cache lacks is asked of the publisher, one NACK per source stream.
        byte[] cacheCopy = ForwardingScratch.CacheCopy;
        Span<ushort> missing = stackalloc ushort[64];
        int missingCount = 0;
        uint missingSsrc = 0;
        foreach (ushort lost in nack.LostSequenceNumbers)
        {
            if (!_rewriter.TryGetSource(lost, out uint sourceSsrc, out ushort sourceSequence)) continue;
            ProducerLayer? source = null;
            foreach (var layer in Producer.Layers)
                if (layer.Ssrc == sourceSsrc) source = layer;
            if (source is null) continue;
            if (!source.Cache.TryGet(sourceSequence, cacheCopy, out int cachedLength))
            {
                // The node is asking the publisher for it already; the repair reaches every subscriber.
                if (source.Nacks.IsMissing(sourceSequence)) continue;
                if (missingCount > 0 && sourceSsrc != missingSsrc) FlushMissing(missingSsrc, missing[..missingCount], ref missingCount);
                missingSsrc = sourceSsrc;
                if (missingCount < missing.Length) missing[missingCount++] = sourceSequence;
                continue;
            }
            Resend(lost, sourceSsrc, sourceSequence, cacheCopy.AsSpan(0, cachedLength), nowMs);
        }
        if (missingCount > 0) FlushMissing(missingSsrc, missing[..missingCount], ref missingCount);
    }

    private void FlushMissing(uint sourceSsrc, ReadOnlySpan<ushort> sequences, ref int count)
    {
        Producer.Owner.Publisher?.SendNack(sourceSsrc, sequences);
        Producer.Owner.Room.Counters.NacksToPublishers++;
        count = 0;
    }

    /// <summary>
    /// Rebuilds a cached source packet exactly as it was first forwarded, with fresh header extensions, and sends it
    /// on the RTX stream when one is negotiated, else again in the media stream.
    /// </summary>
    private void Resend(ushort sequence, uint sourceSsrc, ushort sourceSequence, ReadOnlySpan<byte> cached, long nowMs)
    {
        if (!RtpHeader.TryParse(cached, out var header)) return;
        var resend = new ForwardedPacket(header.Payload, header.SequenceNumber, header.Timestamp, sourceSsrc, header.Marker,
            0, false, 0, false, hasAudioLevel: false);
        byte[] buffer = ForwardingScratch.Packet;
        int headerLength = WriteExtensions(buffer, resend, nowMs);
        if (headerLength + resend.Payload.Length > MaxPacket) return;
        var payload = buffer.AsSpan(headerLength, resend.Payload.Length);
        resend.Payload.CopyTo(payload);
        if (!_rewriter.TryRewriteForResend(sequence, sourceSsrc, sourceSequence, header.Timestamp, payload, out uint timestamp)) return;
        int length = WriteHeader(buffer, headerLength, payload.Length, sequence, timestamp, header.Marker);
        // A packet at the size limit has no room for the OSN; the media stream still repairs it.
        bool asRtx = false;
        if (_rtx is { IsNegotiated: true } rtx && length + RtxPacket.OriginalSequenceNumberLength <= MaxPacket
            && rtx.TryWrapInPlace(buffer, length, out int rtxLength))
        {
            asRtx = true;
            length = rtxLength;
        }
        StampTransportSequence(buffer.AsSpan(0, length));
        if (Session.Send(buffer, length))
        {
            Interlocked.Increment(ref _resent);
            var counters = Producer.Owner.Room.Counters;
            counters.PacketsResent++;
            if (asRtx)
            {
                Interlocked.Increment(ref _rtxSent);
                counters.RtxSent++;
            }
        }
    }

    /// <summary>Packets sent again because the subscriber reported them lost (on the RTX stream or not).</summary>
    public long PacketsResent => Interlocked.Read(ref _resent);

    /// <summary>Of <see cref="PacketsResent"/>, those sent as RTX packets.</summary>
    public long RtxPacketsSent => Interlocked.Read(ref _rtxSent);
}
