using System.Collections.Frozen;
using System.Globalization;
using Microsoft.Extensions.Logging;
using RtcLive.Sfu.Feedback;
using RtcLive.Sfu.Forwarding;
using RtcLive.Sfu.Media;
using RtcLive.Sfu.Node;
using RtcLive.Sfu.Rooms;
using RtcLive.WebRtc.Ice;
using RtcLive.WebRtc.Rtcp;
using RtcLive.WebRtc.Sdp;
using RtcLive.WebRtc.Transport;

namespace RtcLive.Sfu.Sessions;

/// <summary>
/// The transport a participant receives on. The node is the offerer here: one send-only m-line per consumer,
/// re-offered as tracks come and go (m-lines of ended consumers turn inactive and are reused for the next
/// track of the same kind, as Unified Plan requires). Feedback from the subscriber (PLI, FIR, NACK, REMB)
/// is turned into work for the producers.
/// </summary>
public sealed class SubscribeSession : IMediaReceiver, IDisposable
{
    /// <summary>Header extension ids in every offer this node makes (Chromium's own numbers).</summary>
    internal const byte AudioLevelExtensionId = 1;
    internal const byte AbsSendTimeExtensionId = 2;
    internal const byte TransportCcExtensionId = 3;
    internal const byte MidExtensionId = 4;

    private readonly Participant _participant;
    private readonly MediaPort _port;
    private readonly ILogger _logger;
    private readonly IceCredentials _localIce = IceCredentials.Generate();
    private readonly string _sessionId = SdpOrigin.NewSessionId();
    private readonly object _gate = new();
    private readonly List<Consumer?> _slots = [];
    private readonly List<MediaKind> _slotKinds = [];
    // The consumers the pending offer described, by m-line: its answer speaks for them, not for any added since.
    private Consumer?[] _offeredSlots = [];
    private FrozenDictionary<uint, Consumer> _bySsrc = FrozenDictionary<uint, Consumer>.Empty;
    private WebRtcTransport? _transport;
    private ulong _version;
    private bool _offerPending;
    private bool _changedSincePendingOffer;
    private readonly TransportSequenceAllocator _transportSequence = new();
    private readonly BandwidthEstimator _bandwidth = new();
    private long _bandwidthUpdatedMs;

    internal SubscribeSession(Participant participant, MediaPort port, ILogger logger)
    {
        _participant = participant;
        _port = port;
        _logger = logger;
    }

    /// <summary>When each step of this subscriber's join happened on the node (what a slow first frame is taken apart with).</summary>
    public SubscriberJoinTimeline JoinTimeline { get; } = new();

    /// <summary>Hooks a new transport's steps into <see cref="JoinTimeline"/> and asks for keyframes once it is secure.</summary>
    private void Watch(WebRtcTransport transport)
    {
        JoinTimeline.Record(SubscriberJoinTimeline.AnswerApplied);
        transport.PathSelected += _ => JoinTimeline.Record(SubscriberJoinTimeline.IceChecked);
        transport.Connected += _ =>
        {
            JoinTimeline.Record(SubscriberJoinTimeline.DtlsConnected);
            RequestKeyframes();
        };
    }

    /// <summary>A consumer of this session sent its first video packet.</summary>
    internal void OnFirstVideoSent()
    {
        // Media flows from the moment the transport says connected, a little before its Connected handlers run:
        // a packet sent in between still comes after DTLS in the timeline.
        JoinTimeline.Record(SubscriberJoinTimeline.DtlsConnected);
        JoinTimeline.Record(SubscriberJoinTimeline.FirstVideoSent);
    }

    public WebRtcTransport? Transport => _transport;

    public bool IsConnected => _transport?.State == MediaTransportState.Connected;

    public IReadOnlyList<Consumer> Consumers
    {
        get
        {
            lock (_gate)
            {
                var list = new List<Consumer>();
                foreach (var c in _slots) if (c is not null) list.Add(c);
                foreach (var p in _playback ?? []) if (p.Consumer is { } c) list.Add(c);
                return list;
            }
        }
    }

    /// <summary>
    /// Starts forwarding <paramref name="producer"/> to this participant: once the next offer is answered, or
    /// at once on a free m-line of a playback subscriber (null when it has none for this track).
    /// </summary>
    internal Consumer? AddConsumer(Producer producer)
    {
        lock (_gate)
        {
            if (_playback is not null) return AddPlaybackConsumer(producer);
            int slot = _slots.FindIndex(c => c is null);
            while (slot >= 0 && _slotKinds[slot] != producer.Kind)
                slot = _slots.FindIndex(slot + 1, c => c is null);
            string mid = (slot >= 0 ? slot : _slots.Count).ToString(CultureInfo.InvariantCulture);
            var codec = SubscriberCodecs.For(producer.Codec);
            uint ssrc = NewSsrc();
            var consumer = new Consumer(producer, this, mid, codec, ssrc, SubscriberExtensionIds.Offered, rtx: NewRtxStream(codec, ssrc));
            if (slot >= 0) _slots[slot] = consumer;
            else
            {
                _slots.Add(consumer);
                _slotKinds.Add(producer.Kind);
            }
            RebuildSsrcMap();
            return consumer;
        }
    }

    internal void RemoveConsumer(Consumer consumer)
    {
        lock (_gate)
        {
            if (_playback is not null)
            {
                foreach (var p in _playback) if (p.Consumer == consumer) p.Consumer = null;
                RebuildSsrcMap();
                return;
            }
            int slot = _slots.IndexOf(consumer);
            if (slot < 0) return;
            _slots[slot] = null;
            RebuildSsrcMap();
        }
    }

    private void RebuildSsrcMap()
    {
        var map = new Dictionary<uint, Consumer>();
        foreach (var c in _slots)
        {
            if (c is null) continue;
            map[c.Ssrc] = c;
            foreach (uint layerSsrc in c.RelayLayerSsrcs ?? []) map[layerSsrc] = c;
        }
        foreach (var p in _playback ?? []) if (p.Consumer is { } c) map[c.Ssrc] = c;
        Volatile.Write(ref _bySsrc, map.ToFrozenDictionary());
    }

    /// <summary>
    /// Relay mode for the consumer of <paramref name="trackId"/> (see <see cref="Consumer.RelayLayerSsrcs"/>): sends
    /// exactly the layers in <paramref name="mask"/> from now on, each on its own SSRC (picked on the first call).
    /// </summary>
    /// <returns>The consumer (null when this participant receives no such track) and the layers newly added.</returns>
    internal (Consumer? Consumer, int Added) SetRelayLayers(string trackId, int mask)
    {
        lock (_gate)
        {
            Consumer? consumer = null;
            foreach (var c in _slots)
                if (c is not null && c.Producer.Id == trackId) consumer = c;
            if (consumer is null || !consumer.Producer.IsSimulcast) return (consumer, 0);
            if (consumer.RelayLayerSsrcs is null)
            {
                var taken = new HashSet<uint>(_bySsrc.Keys);
                foreach (var c in _slots) if (c?.Rtx is { } rtx) taken.Add(rtx.Ssrc);
                var ssrcs = new uint[consumer.Producer.Layers.Count];
                for (int i = 0; i < ssrcs.Length; i++)
                {
                    do ssrcs[i] = NewSsrc(); while (!taken.Add(ssrcs[i]));
                }
                consumer.EnableRelayLayers(ssrcs);
                RebuildSsrcMap();
            }
            return (consumer, consumer.SetRelayLayerMask(mask));
        }
    }

    private static uint NewSsrc() => (uint)System.Security.Cryptography.RandomNumberGenerator.GetInt32(1, int.MaxValue);

    /// <summary>An RTX stream to offer with a video codec (none for audio, which this node offers no NACK for).</summary>
    private static RtxStream? NewRtxStream(Codec codec, uint mediaSsrc)
    {
        if (SubscriberCodecs.RtxPayloadTypeFor(codec) is not { } payloadType) return null;
        uint ssrc;
        do ssrc = NewSsrc(); while (ssrc == mediaSsrc);
        return new RtxStream(ssrc, payloadType, (ushort)System.Security.Cryptography.RandomNumberGenerator.GetInt32(0, 65536));
    }

    // Playback mode (WHEP): the peer offered, we answered with fixed m-lines; no renegotiation ever.
    private List<PlaybackSlot>? _playback;

    /// <summary>True for a playback subscriber: it offered and we answered, so the node never re-offers.</summary>
    internal bool IsPlayback
    {
        get { lock (_gate) return _playback is not null; }
    }

    /// <summary>
    /// Answers a playback client's offer (WHEP): each receive m-line becomes a slot with an SSRC and codec fixed
    /// now, to be filled by the presenter's camera or microphone whenever they publish.
    /// </summary>
    /// <exception cref="SdpParseException">Malformed SDP.</exception>
    /// <exception cref="SdpNegotiationException">Nothing to send on, no ICE or DTLS parameters, or already negotiated.</exception>
    internal string AcceptPlaybackOffer(string offerSdp)
    {
        var offer = SdpParser.Parse(offerSdp);
        lock (_gate)
        {
            if (_transport is not null || _slots.Count > 0)
                throw new SdpNegotiationException("this subscription is already negotiated");
            var ssrcs = new Dictionary<string, uint>();
            var answer = SdpAnswerBuilder.Build(offer, new AnswerOptions
            {
                IceCredentials = new SdpIceCredentials(_localIce.Ufrag, _localIce.Password),
                Fingerprint = _port.Fingerprint,
                Candidates = _port.CandidateValues,
                AudioCodecs = [CodecCapability.Opus],
                VideoCodecs = [new CodecCapability("VP8", 90000), CodecCapability.H264ConstrainedBaseline],
                OnlyPreferredCodec = true,
                AcceptSimulcast = false,
                HeaderExtensions = [HeaderExtensionUris.SdesMid, HeaderExtensionUris.AbsSendTime, HeaderExtensionUris.TransportWideCc, HeaderExtensionUris.AudioLevel],
                ChooseMedia = media =>
                {
                    if (media.Mid is null || !offer.GetDirection(media).Receives() || media.Kind is not (MediaKind.Audio or MediaKind.Video))
                        return AnswerMediaChoice.Reject("playback only sends audio and video");
                    uint ssrc = NewSsrc();
                    ssrcs[media.Mid] = ssrc;
                    return new AnswerMediaChoice
                    {
                        Direction = MediaDirection.SendOnly,
                        SendTrack = new LocalTrack("rtclive", $"playback-{media.Mid}", "rtclive", ssrc),
                    };
                },
            });

            var slots = new List<PlaybackSlot>();
            foreach (var section in answer.Media)
            {
                if (section.IsRejected || section.Mid is null || !ssrcs.TryGetValue(section.Mid, out uint ssrc)) continue;
                var codecs = section.GetPrimaryCodecs();
                if (codecs.Count == 0) continue;
                slots.Add(new PlaybackSlot(section.Mid, section.Kind, ssrc, codecs[0], ExtensionIdsOf(answer, section)));
            }
            if (slots.Count == 0) throw new SdpNegotiationException("the offer has no audio or video m-line to receive on");

            _transport = _port.CreateTransport(_localIce, offer);
            _transport.Receiver = this;
            Watch(_transport);
            _transport.Ended += (_, _, reason) => _participant.OnTransportEnded("playback", reason);
            _playback = slots;
            return answer.ToString();
        }
    }

    private static SubscriberExtensionIds ExtensionIdsOf(SessionDescription answer, MediaDescription section)
    {
        byte Id(string uri) => (byte)(answer.FindExtensionId(section, uri) ?? 0);
        return new SubscriberExtensionIds(Id(HeaderExtensionUris.SdesMid), Id(HeaderExtensionUris.AbsSendTime),
            Id(HeaderExtensionUris.TransportWideCc), Id(HeaderExtensionUris.AudioLevel));
    }

    /// <summary>A playback subscriber gets the presenter's camera and microphone, on the first free slot that fits.</summary>
    private Consumer? AddPlaybackConsumer(Producer producer)
    {
        if (producer.Owner.Role is not (ParticipantRole.Presenter or ParticipantRole.Moderator)) return null;
        if (producer.Source is not (TrackSource.Camera or TrackSource.Microphone)) return null;
        foreach (var slot in _playback!)
        {
            if (slot.Consumer is not null || slot.Kind != producer.Kind
                || !slot.Codec.Name.Equals(producer.Codec.Name, StringComparison.OrdinalIgnoreCase)) continue;
            var consumer = new Consumer(producer, this, slot.Mid, slot.Codec, slot.Ssrc, slot.Extensions, slot.Rewriter);
            slot.Consumer = consumer;
            RebuildSsrcMap();
            return consumer;
        }
        return null;
    }

    /// <summary>
    /// An offer describing every current consumer, or null when one is already waiting for its answer (the next
    /// is made when that answer arrives, so offers never cross).
    /// </summary>
    internal string? TryCreateOffer()
    {
        lock (_gate)
        {
            if (_offerPending)
            {
                _changedSincePendingOffer = true;
                return null;
            }
            _offerPending = true;
            _changedSincePendingOffer = false;
            var transceivers = new List<OfferedTransceiver>();
            for (int i = 0; i < _slots.Count; i++)
            {
                var consumer = _slots[i];
                string mid = i.ToString(CultureInfo.InvariantCulture);
                transceivers.Add(consumer is null
                    ? new OfferedTransceiver(_slotKinds[i], MediaDirection.Inactive) { Mid = mid, Codecs = [SubscriberCodecs.Idle(_slotKinds[i])] }
                    : new OfferedTransceiver(_slotKinds[i], MediaDirection.SendOnly)
                    {
                        Mid = mid,
                        Codecs = consumer.Rtx is { } rtx ? [consumer.Codec, SubscriberCodecs.Rtx(rtx.PayloadType, consumer.Codec)] : [consumer.Codec],
                        // With an rtx codec in the m-line, the track also announces the RTX SSRC (FID group, same cname and msid).
                        Track = new LocalTrack(consumer.Producer.Owner.Id, consumer.Producer.Id, "rtclive", consumer.Ssrc, consumer.Rtx?.Ssrc),
                    });
            }
            _offeredSlots = [.. _slots];
            var offer = SdpOfferBuilder.Build(new OfferOptions
            {
                IceCredentials = new SdpIceCredentials(_localIce.Ufrag, _localIce.Password),
                Fingerprint = _port.Fingerprint,
                Transceivers = transceivers,
                Candidates = _port.CandidateValues,
                EndOfCandidates = true,
                IceLite = true,
                AudioExtensions =
                [
                    new(AudioLevelExtensionId, HeaderExtensionUris.AudioLevel),
                    new(AbsSendTimeExtensionId, HeaderExtensionUris.AbsSendTime),
                    new(TransportCcExtensionId, HeaderExtensionUris.TransportWideCc),
                    new(MidExtensionId, HeaderExtensionUris.SdesMid),
                ],
                VideoExtensions =
                [
                    new(AbsSendTimeExtensionId, HeaderExtensionUris.AbsSendTime),
                    new(TransportCcExtensionId, HeaderExtensionUris.TransportWideCc),
                    new(MidExtensionId, HeaderExtensionUris.SdesMid),
                ],
                SessionId = _sessionId,
                SessionVersion = ++_version,
            });
            JoinTimeline.Record(SubscriberJoinTimeline.OfferMade);
            return offer.ToString();
        }
    }

    /// <summary>True when no m-line carries a consumer yet and no offer was ever made: nothing to negotiate.</summary>
    internal bool IsEmpty
    {
        get { lock (_gate) return _slots.Count == 0; }
    }

    /// <summary>
    /// Applies the subscriber's answer. Returns true when consumers changed while it was pending, so the caller
    /// must make a new offer.
    /// </summary>
    /// <exception cref="SdpParseException">Malformed SDP.</exception>
    /// <exception cref="SdpNegotiationException">An answer without transport parameters, or none was expected.</exception>
    internal bool ApplyAnswer(string answerSdp)
    {
        var answer = SdpParser.Parse(answerSdp);
        lock (_gate)
        {
            if (!_offerPending) throw new SdpNegotiationException("no offer is waiting for an answer");
            if (_transport is null)
            {
                _transport = _port.CreateTransport(_localIce, answer);
                _transport.Receiver = this;
                Watch(_transport);
                _transport.Ended += (_, _, reason) => _participant.OnTransportEnded("subscribe", reason);
            }
            ApplyRtxChoices(answer);
            _offerPending = false;
            return _changedSincePendingOffer;
        }
    }

    /// <summary>
    /// Repairs go on the RTX stream only where the answer kept the rtx payload type we offered for the m-line's
    /// codec; where it dropped it (a receiver without RTX), they stay in the media stream as before.
    /// </summary>
    private void ApplyRtxChoices(SessionDescription answer)
    {
        for (int i = 0; i < _offeredSlots.Length; i++)
        {
            if (_offeredSlots[i] is not { Rtx: { } rtx } consumer) continue;
            var section = answer.FindMedia(i.ToString(CultureInfo.InvariantCulture));
            rtx.IsNegotiated = section is { IsRejected: false }
                && section.FindRtxFor(consumer.Codec.PayloadType)?.PayloadType == rtx.PayloadType;
        }
    }

    /// <summary>
    /// The moment media can flow, ask each publisher for a keyframe rather than wait for the subscriber's decoder
    /// to miss one and send a PLI a round trip later: this is most of a viewer's time to first frame.
    /// </summary>
    /// <remarks>
    /// Not earlier (at the first ICE check, so that the encoder works while DTLS runs): measured, that made the
    /// first frame later. The keyframe mostly arrived before DTLS was done and could not be sent; asked for again,
    /// Chromium let it wait (it seems to honour keyframe requests at most every few hundred ms), and the viewer
    /// waited for the next request the limiter let through (p50 from first check to first video 106 → 493 ms).
    /// </remarks>
    private void RequestKeyframes()
    {
        long nowMs = Environment.TickCount64;
        foreach (var consumer in Consumers)
        {
            if (consumer.Producer.Kind != MediaKind.Video) continue;
            JoinTimeline.Record(SubscriberJoinTimeline.KeyframeRequested);
            foreach (var layer in consumer.Producer.Layers) consumer.Producer.RequestKeyframe(layer.Index, nowMs);
        }
    }

    /// <summary>Encrypts and sends a packet a consumer built in its own buffer (with SRTP room after it).</summary>
    internal bool Send(Span<byte> buffer, int length) => _transport is { } t && t.Secure.SendRtpInPlace(buffer, length);

    /// <summary>
    /// The transport-wide sequence number for a packet about to be sent (all consumers share one sequence),
    /// recorded with its size so the subscriber's feedback can be turned into a bandwidth estimate.
    /// </summary>
    internal ushort NextTransportSequence(int size)
    {
        ushort sequence = _transportSequence.Next();
        _bandwidth.OnPacketSent(sequence, size, MediaClock.NowMicroseconds);
        return sequence;
    }

    /// <summary>Sends an RTCP packet (sender reports) to the subscriber.</summary>
    internal bool SendRtcp(ReadOnlySpan<byte> packet) => _transport is { } t && t.SendRtcp(packet);

    public void OnRtp(Span<byte> packet)
    {
        // A subscriber sends no media on this transport.
    }

    public void OnRtcp(Span<byte> packet)
    {
        long nowMs = Environment.TickCount64;
        var bySsrc = Volatile.Read(ref _bySsrc);
        var reader = new RtcpCompoundReader(packet);
        while (reader.MoveNext())
        {
            var rtcp = reader.Current;
            if (rtcp.IsFeedback(RtcpPacketType.PayloadSpecificFeedback, PayloadSpecificFeedbackFormat.PictureLossIndication)
                && PictureLossIndication.TryParse(rtcp, out var pli))
            {
                if (bySsrc.TryGetValue(pli.MediaSsrc, out var consumer)) consumer.OnKeyframeRequest(pli.MediaSsrc, nowMs);
            }
            else if (rtcp.IsFeedback(RtcpPacketType.PayloadSpecificFeedback, PayloadSpecificFeedbackFormat.FullIntraRequest)
                && FullIntraRequest.TryParse(rtcp, out var fir))
            {
                for (int i = 0; i < fir.EntryCount; i++)
                    if (bySsrc.TryGetValue(fir.GetEntry(i).Ssrc, out var consumer)) consumer.OnKeyframeRequest(fir.GetEntry(i).Ssrc, nowMs);
            }
            else if (rtcp.IsFeedback(RtcpPacketType.RtpFeedback, RtpFeedbackFormat.GenericNack) && GenericNack.TryParse(rtcp, out var nack))
            {
                _participant.Room.Counters.NacksReceived++;
                if (bySsrc.TryGetValue(nack.MediaSsrc, out var consumer)) consumer.OnNack(nack, nowMs);
            }
            else if (rtcp.IsFeedback(RtcpPacketType.RtpFeedback, RtpFeedbackFormat.TransportCc) && TransportCcFeedback.TryParse(rtcp, out var transportCc))
            {
                if (_bandwidth.OnTransportCcFeedback(transportCc, MediaClock.NowMicroseconds))
                    OnPathRestored(nowMs);
            }
            else if (rtcp.IsFeedback(RtcpPacketType.PayloadSpecificFeedback, PayloadSpecificFeedbackFormat.ApplicationLayer)
                && ReceiverEstimatedMaxBitrate.TryParse(rtcp, out var remb))
            {
                _bandwidth.OnRemb(remb);
            }
            else if (rtcp.PacketType == RtcpPacketType.ReceiverReport && ReceiverReport.TryParse(rtcp, out var report))
            {
                var arrival = NtpTimestamp.FromDateTime(DateTime.UtcNow);
                for (int i = 0; i < report.ReportCount; i++)
                {
                    var block = report.GetReportBlock(i);
                    if (bySsrc.TryGetValue(block.Ssrc, out var consumer)) consumer.OnReportBlock(block, arrival);
                }
            }
        }
        if (nowMs - _bandwidthUpdatedMs >= 100)
        {
            _bandwidthUpdatedMs = nowMs;
            _bandwidth.Update(MediaClock.NowMicroseconds);
        }
    }

    /// <summary>
    /// Feedback came back after the path was dead (<see cref="BandwidthEstimator.IsInOutage"/>): the subscriber missed
    /// everything sent meanwhile, so each video consumer asks for a keyframe of the layer it was forwarding rather than
    /// leave the viewer to repair seconds of video by NACK or find out by itself that it needs a picture.
    /// </summary>
    private void OnPathRestored(long nowMs)
    {
        Interlocked.Increment(ref _participant.Room.Counters.SubscriberOutages);
        _logger.LogInformation("Subscriber {Participant}: feedback is back after an outage of its path; keeping its layers and asking for keyframes",
            _participant.Id);
        foreach (var consumer in Consumers) consumer.OnPathRestored(nowMs);
    }

    /// <summary>True while this subscriber's path looks dead (we send, no feedback comes back): its layer is held.</summary>
    public bool IsInOutage => _bandwidth.IsInOutage(MediaClock.NowMicroseconds);

    /// <summary>
    /// What we estimate the subscriber can receive, in bits per second: from its transport-wide feedback and its
    /// REMB, whichever is lower (the estimator's starting value until feedback arrives).
    /// </summary>
    public long BandwidthEstimateBps => _bandwidth.EstimateBps;

    public void Dispose() => _transport?.Dispose();
}
