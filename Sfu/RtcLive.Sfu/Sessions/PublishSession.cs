using System.Buffers.Binary;
using System.Collections.Frozen;
using Microsoft.Extensions.Logging;
using RtcLive.Sfu.Feedback;
using RtcLive.Sfu.Media;
using RtcLive.Sfu.Node;
using RtcLive.Sfu.Rooms;
using RtcLive.WebRtc.Ice;
using RtcLive.WebRtc.Rtcp;
using RtcLive.WebRtc.Rtp;
using RtcLive.WebRtc.Sdp;
using RtcLive.WebRtc.Transport;

namespace RtcLive.Sfu.Sessions;

/// <summary>
/// The transport a participant publishes on: the client offers its send-only m-lines, we answer, and every
/// packet that arrives is resolved to a producer layer (by SSRC, learned from the mid and rid header
/// extensions or the offer's a=ssrc lines) and handed to that producer.
/// </summary>
public sealed class PublishSession : IMediaReceiver, IDisposable
{
    private const int MaxPacket = 1500;

    private readonly Participant _participant;
    private readonly MediaPort _port;
    private readonly ILogger _logger;
    private readonly IceCredentials _localIce = IceCredentials.Generate();
    private readonly uint _feedbackSsrc = (uint)Random.Shared.Next(1, int.MaxValue);
    private readonly byte[] _rtxBuffer = new byte[MaxPacket];
    private readonly byte[] _rtcpBuffer = new byte[MaxPacket];
    private readonly object _bindingGate = new();
    // Read per packet without a lock: a new SSRC (rare) replaces the whole map under _bindingGate.
    private FrozenDictionary<uint, StreamBinding> _bySsrc = FrozenDictionary<uint, StreamBinding>.Empty;
    private FrozenDictionary<string, Producer> _byMid = FrozenDictionary<string, Producer>.Empty;
    private RtpExtensionMap _extensions;
    private Dictionary<int, int> _rtxToMediaPayloadType = [];
    private WebRtcTransport? _transport;

    // Transport-wide congestion control feedback: what makes a browser's sender ramp up to all its layers.
    private readonly TransportCcFeedbackBuilder _transportCc = new();
    private long _feedbackSentMs;
    private uint _lastMediaSsrc;
    private const long FeedbackIntervalMs = 50;
    private const long ReceiverReportIntervalMs = 1000;
    private long _receiverReportMs;

    internal PublishSession(Participant participant, MediaPort port, ILogger logger)
    {
        _participant = participant;
        _port = port;
        _logger = logger;
    }

    public WebRtcTransport? Transport => _transport;

    public long UnknownPackets { get; private set; }

    /// <summary>
    /// Answers the client's offer. New send m-lines become producers (announced to the room), m-lines that
    /// stopped sending end theirs. Runs on the control plane, never concurrently with itself.
    /// </summary>
    /// <exception cref="SdpParseException">Malformed SDP.</exception>
    /// <exception cref="SdpNegotiationException">Nothing to accept, or an offer this node cannot serve.</exception>
    internal (string Answer, IReadOnlyList<Producer> Added, IReadOnlyList<Producer> Removed) Negotiate(
        string offerSdp, IReadOnlyList<PublishedTrackRequest> tracks, TrackQuota quota)
    {
        var offer = SdpParser.Parse(offerSdp);
        var answer = SdpAnswerBuilder.Build(offer, new AnswerOptions
        {
            IceCredentials = new SdpIceCredentials(_localIce.Ufrag, _localIce.Password),
            Fingerprint = _port.Fingerprint,
            Candidates = _port.CandidateValues,
            OnlyPreferredCodec = true,
            AcceptSimulcast = true,
            ChooseMedia = media => ChooseMedia(offer, media),
        });

        if (!answer.Media.Exists(m => !m.IsRejected))
            throw new SdpNegotiationException("nothing in the offer can be received: send audio (Opus) or video (VP8, H264) m-lines");

        var removed = new List<Producer>();
        var byMid = new Dictionary<string, Producer>(_byMid);
        var extensions = new RtpExtensionMap();
        var rtxMap = new Dictionary<int, int>();
        var fresh = new List<MediaDescription>();
        foreach (var section in answer.Media)
        {
            if (section.Mid is null) continue;
            bool receiving = !section.IsRejected && answer.GetDirection(section).Receives();
            if (!receiving)
            {
                if (byMid.Remove(section.Mid, out var gone)) removed.Add(gone);
                continue;
            }
            foreach (var map in answer.GetExtensions(section))
                extensions.TrySet(map.Uri, (byte)map.Id);
            foreach (var answered in section.Codecs)
                if (answered.IsRtx && answered.Apt is int apt) rtxMap[answered.PayloadType] = apt;
            if (!byMid.ContainsKey(section.Mid)) fresh.Add(section);
        }

        // Every limit is checked before anything is made: a refused offer leaves no producer and no transport behind.
        quota.Reserve(byMid.Count, fresh.Count, removed.Count);
        _transport ??= CreateTransport(offer);

        var added = new List<Producer>();
        foreach (var section in fresh)
        {
            var source = tracks.FirstOrDefault(t => t.Mid == section.Mid)?.Source
                ?? (section.Kind == MediaKind.Audio ? TrackSource.Microphone : TrackSource.Camera);
            var codec = section.GetPrimaryCodecs()[0];
            var offered = offer.FindMedia(section.Mid!)!;
            var rids = new List<string>();
            if (section.Simulcast is not null)
                foreach (var rid in offered.GetRids(RidDirection.Send)) rids.Add(rid.Id);
            // Chromium names its layers q, h, f (quarter, half, full); other names keep the order offered.
            var producer = _participant.CreateProducer(source, section.Kind, section.Mid!, codec, rids.OrderBy(RidRank).ToList());
            byMid[section.Mid!] = producer;
            added.Add(producer);
            BindAnnouncedSsrcs(offered, producer);
        }

        _extensions = extensions;
        _rtxToMediaPayloadType = rtxMap;
        _byMid = byMid.ToFrozenDictionary();
        foreach (var producer in removed) ForgetBindings(producer);
        return (answer.ToString(), added, removed);
    }

    /// <summary>Chromium names its layers q, h, f (quarter, half, full); other names keep the order offered.</summary>
    private static int RidRank(string rid) => rid switch { "q" => 0, "h" => 1, "f" => 2, _ => 3 };

    private AnswerMediaChoice ChooseMedia(SessionDescription offer, MediaDescription media)
    {
        if (!_participant.Role.CanPublish())
            return AnswerMediaChoice.Reject($"a {_participant.Role.ToWire()} may not publish");
        return offer.GetDirection(media).Sends()
            ? new AnswerMediaChoice { Direction = MediaDirection.RecvOnly }
            : AnswerMediaChoice.Reject("the publish transport only receives");
    }

    private WebRtcTransport CreateTransport(SessionDescription offer)
    {
        var transport = _port.CreateTransport(_localIce, offer);
        transport.Receiver = this;
        transport.Ended += (_, _, reason) => _participant.OnTransportEnded("publish", reason);
        return transport;
    }

    /// <summary>Without simulcast, browsers list the SSRCs in the offer: bind them now, before any packet.</summary>
    private void BindAnnouncedSsrcs(MediaDescription offered, Producer producer)
    {
        if (producer.IsSimulcast) return;
        var media = offered.GetMediaSsrcs();
        if (media.Count == 0) return;
        var layer = producer.Layers[0];
        layer.Ssrc = media[0];
        AddBinding(media[0], new StreamBinding(producer, layer, false));
        if (offered.FindRtxSsrc(media[0]) is { } rtx)
        {
            layer.RtxSsrc = rtx;
            AddBinding(rtx, new StreamBinding(producer, layer, true));
        }
    }

    /// <summary>False when the map is full: a client cannot make us remember unbounded SSRCs.</summary>
    private bool AddBinding(uint ssrc, StreamBinding binding)
    {
        lock (_bindingGate)
        {
            if (_bySsrc.Count >= 64) return false;
            var next = new Dictionary<uint, StreamBinding>(_bySsrc) { [ssrc] = binding };
            Volatile.Write(ref _bySsrc, next.ToFrozenDictionary());
            return true;
        }
    }

    /// <summary>
    /// Stops receiving everything published here (the participant lost the right to publish): packets the client
    /// keeps sending match no stream and are dropped. A later offer may publish again.
    /// </summary>
    /// <returns>The producers withdrawn.</returns>
    internal IReadOnlyList<Producer> WithdrawAll()
    {
        var withdrawn = new List<Producer>(_byMid.Values);
        _byMid = FrozenDictionary<string, Producer>.Empty;
        foreach (var producer in withdrawn) ForgetBindings(producer);
        return withdrawn;
    }

    private void ForgetBindings(Producer producer)
    {
        lock (_bindingGate)
        {
            var next = new Dictionary<uint, StreamBinding>();
            foreach (var pair in _bySsrc)
                if (pair.Value.Producer != producer) next[pair.Key] = pair.Value;
            Volatile.Write(ref _bySsrc, next.ToFrozenDictionary());
        }
    }

    public void OnRtp(Span<byte> packet)
    {
        if (!RtpHeader.TryParse(packet, out var header)) { UnknownPackets++; return; }
        long nowMs = Environment.TickCount64;
        // The transport-wide number is the transport's, so RTX and unknown streams count too.
        if (_extensions.TryGetTransportSequenceNumber(header, out ushort transportSequence))
            _transportCc.OnPacket(transportSequence, MediaClock.NowMicroseconds);
        if (nowMs - _feedbackSentMs >= FeedbackIntervalMs) SendTransportCcFeedback(nowMs);

        var binding = Resolve(header);
        if (binding is null) { UnknownPackets++; return; }
        _participant.Room.Counters.RtpReceived++;
        _lastMediaSsrc = header.Ssrc;
        if (!binding.IsRtx)
        {
            var statistics = binding.Layer.Statistics ??= new RtpReceiveStatistics(header.Ssrc, binding.Producer.Codec.ClockRate);
            statistics.OnPacket(header.SequenceNumber, header.Timestamp, MediaClock.NowMicroseconds);
            if (binding.Producer.Kind == MediaKind.Video) binding.Layer.Nacks.OnPacket(header.SequenceNumber, nowMs);
        }
        if (nowMs - _receiverReportMs >= ReceiverReportIntervalMs) SendReceiverReport(nowMs);

        if (binding.IsRtx)
        {
            if (!_rtxToMediaPayloadType.TryGetValue(header.PayloadType, out int mediaPt) || header.Payload.Length < 2) return;
            uint ssrc = binding.Layer.Ssrc ?? 0;
            if (ssrc == 0 || !RtxPacket.TryUnwrap(packet, (byte)mediaPt, ssrc, _rtxBuffer, out int length)) return;
            if (!RtpHeader.TryParse(_rtxBuffer.AsSpan(0, length), out var original)) return;
            _participant.Room.Counters.RtxReceived++;
            binding.Layer.Nacks.OnPacket(original.SequenceNumber, nowMs, repaired: true);
            binding.Producer.OnRtp(_rtxBuffer.AsSpan(0, length), original, binding.Layer, _extensions, nowMs);
            return;
        }
        binding.Producer.OnRtp(packet, header, binding.Layer, _extensions, nowMs);
        if (binding.Layer.Nacks.MissingCount > 0) RequestMissing(binding.Layer, nowMs);
    }

    /// <summary>NACKs what this layer is missing and is due to be asked for (at the gap, then on a retry interval).</summary>
    private void RequestMissing(ProducerLayer layer, long nowMs)
    {
        if (layer.Ssrc is not uint ssrc) return;
        Span<ushort> due = stackalloc ushort[32];
        int count = layer.Nacks.CollectDue(due, nowMs);
        if (count == 0) return;
        SendNack(ssrc, due[..count]);
        _participant.Room.Counters.NacksToPublishers++;
    }

    /// <summary>The SSRC's binding, learned on first sight from the mid and rid (or repaired rid) header extensions.</summary>
    private StreamBinding? Resolve(in RtpHeader header)
    {
        uint ssrc = header.Ssrc;
        if (Volatile.Read(ref _bySsrc).TryGetValue(ssrc, out var known)) return known;
        if (!_extensions.TryGetMid(header, out var mid)) return null;
        Span<char> midChars = stackalloc char[mid.Length];
        for (int i = 0; i < mid.Length; i++) midChars[i] = (char)mid[i];
        if (!_byMid.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(midChars, out var producer)) return null;

        ProducerLayer? layer = null;
        bool isRtx = false;
        if (_extensions.TryGetRtpStreamId(header, out var rid)) layer = FindLayer(producer, rid);
        else if (_extensions.TryGetRepairedRtpStreamId(header, out var repaired)) { layer = FindLayer(producer, repaired); isRtx = true; }
        else if (!producer.IsSimulcast)
        {
            layer = producer.Layers[0];
            isRtx = _rtxToMediaPayloadType.ContainsKey(header.PayloadType);
        }
        if (layer is null) return null;

        var binding = new StreamBinding(producer, layer, isRtx);
        if (!AddBinding(ssrc, binding)) return null;
        if (isRtx) layer.RtxSsrc = ssrc;
        else layer.Ssrc = ssrc;
        return binding;
    }

    private static ProducerLayer? FindLayer(Producer producer, ReadOnlySpan<byte> rid)
    {
        foreach (var layer in producer.Layers)
        {
            if (layer.Rid is not { } name || name.Length != rid.Length) continue;
            bool same = true;
            for (int i = 0; i < rid.Length && same; i++) same = name[i] == rid[i];
            if (same) return layer;
        }
        return null;
    }

    /// <summary>Sender reports from the publisher: remembered so our receiver reports let it measure the round trip.</summary>
    public void OnRtcp(Span<byte> packet)
    {
        var reader = new RtcpCompoundReader(packet);
        while (reader.MoveNext())
        {
            var rtcp = reader.Current;
            if (rtcp.PacketType != RtcpPacketType.SenderReport || !SenderReport.TryParse(rtcp, out var report)) continue;
            if (Volatile.Read(ref _bySsrc).TryGetValue(report.Ssrc, out var binding) && binding.Layer.Statistics is { } statistics)
                statistics.OnSenderReport(report.Info.NtpTimestamp, MediaClock.NowMicroseconds);
        }
    }

    /// <summary>One receiver report covering every layer we receive: loss and jitter the publisher's sender adapts to.</summary>
    private void SendReceiverReport(long nowMs)
    {
        _receiverReportMs = nowMs;
        if (_transport is null) return;
        Span<ReportBlock> blocks = stackalloc ReportBlock[16];
        int count = 0;
        long nowUs = MediaClock.NowMicroseconds;
        foreach (var producer in _byMid.Values)
            foreach (var layer in producer.Layers)
                if (layer.Statistics is { } statistics && count < blocks.Length) blocks[count++] = statistics.BuildReportBlock(nowUs);
        if (count == 0) return;
        lock (_rtcpBuffer)
        {
            int length = ReceiverReport.Write(_rtcpBuffer, _feedbackSsrc, blocks[..count]);
            _transport.SendRtcp(_rtcpBuffer.AsSpan(0, length));
        }
    }

    private void SendTransportCcFeedback(long nowMs)
    {
        _feedbackSentMs = nowMs;
        if (_transport is null || !_transportCc.HasPendingFeedback) return;
        long nowUs = MediaClock.NowMicroseconds;
        // Feedback and keyframe requests share the RTCP buffer; this runs on the receive thread, PLIs may not.
        lock (_rtcpBuffer)
        {
            int length;
            while ((length = _transportCc.TryBuild(nowUs, _rtcpBuffer, _feedbackSsrc, _lastMediaSsrc)) > 0)
                _transport.SendRtcp(_rtcpBuffer.AsSpan(0, length));
        }
    }

    /// <summary>Asks the publisher for a keyframe on <paramref name="mediaSsrc"/> (RFC 4585 PLI).</summary>
    internal void SendPictureLossIndication(uint mediaSsrc)
    {
        if (_transport is null) return;
        lock (_rtcpBuffer)
        {
            int length = PictureLossIndication.Write(_rtcpBuffer, _feedbackSsrc, mediaSsrc);
            if (_transport.SendRtcp(_rtcpBuffer.AsSpan(0, length))) Interlocked.Increment(ref _participant.Room.Counters.PliSent);
        }
    }

    /// <summary>
    /// Asks the publisher to resend packets: those the node saw missing (<see cref="PublisherNackGenerator"/>), and
    /// those a subscriber lost that the cache no longer holds. The publisher answers on its RTX stream, which we
    /// unwrap and forward.
    /// </summary>
    internal void SendNack(uint mediaSsrc, ReadOnlySpan<ushort> lostSequenceNumbers)
    {
        if (_transport is null || lostSequenceNumbers.IsEmpty) return;
        lock (_rtcpBuffer)
        {
            if (GenericNack.GetLength(lostSequenceNumbers) > _rtcpBuffer.Length) return;
            int length = GenericNack.Write(_rtcpBuffer, _feedbackSsrc, mediaSsrc, lostSequenceNumbers);
            _transport.SendRtcp(_rtcpBuffer.AsSpan(0, length));
        }
    }

    public void Dispose() => _transport?.Dispose();
}
