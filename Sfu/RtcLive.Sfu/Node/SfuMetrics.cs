using Prometheus;
using RtcLive.Sfu.Media;
using RtcLive.Sfu.Rooms;

namespace RtcLive.Sfu.Node;

/// <summary>
/// The SFU node's state and totals as Prometheus metrics, read when <c>/metrics</c> is scraped (never per
/// packet): gauges are counted afresh, totals copied from the node's counters.
/// </summary>
public sealed class SfuMetrics
{
    private static readonly string[] Roles = ["presenter", "speaker", "viewer", "moderator"];

    private static readonly Gauge Rooms = Metrics.CreateGauge("rtclive_rooms", "Rooms on this node.");
    private static readonly Gauge Participants = Metrics.CreateGauge("rtclive_participants", "Participants on this node, by role.",
        new GaugeConfiguration { LabelNames = ["role"] });
    private static readonly Gauge Tracks = Metrics.CreateGauge("rtclive_tracks", "Published tracks on this node, by kind.",
        new GaugeConfiguration { LabelNames = ["kind"] });
    private static readonly Counter PacketsReceived = Metrics.CreateCounter("rtclive_rtp_packets_received_total", "RTP packets received from publishers.");
    private static readonly Counter PacketsForwarded = Metrics.CreateCounter("rtclive_rtp_packets_forwarded_total", "RTP packets sent to subscribers.");
    private static readonly Counter BytesForwarded = Metrics.CreateCounter("rtclive_rtp_bytes_forwarded_total", "RTP bytes sent to subscribers.");
    private static readonly Counter NacksReceived = Metrics.CreateCounter("rtclive_nack_received_total", "NACKs received from subscribers.");
    private static readonly Counter SwitchStragglers = Metrics.CreateCounter("rtclive_simulcast_switch_stragglers_total",
        "Packets reordering moved across a simulcast layer switch, forwarded into their place: late packets of the layer left, packets of the new layer that overtook its keyframe.");
    private static readonly Counter RtxSent = Metrics.CreateCounter("rtclive_rtx_sent_total", "NACK repairs sent to subscribers as RTX packets.");
    private static readonly Counter NacksSent = Metrics.CreateCounter("rtclive_nack_sent_total",
        "NACKs sent to publishers, for packets a subscriber lost that the node never received.");
    private static readonly Counter RtxReceived = Metrics.CreateCounter("rtclive_rtx_received_total",
        "RTX packets received from publishers: repairs of what the node asked for, and the old packets browsers resend as bandwidth probes.");
    private static readonly Counter PliSent = Metrics.CreateCounter("rtclive_pli_sent_total", "Picture loss indications sent to publishers.");
    private static readonly Counter SimulcastSwitches = Metrics.CreateCounter("rtclive_simulcast_switches_total",
        "Changes of the simulcast layer forwarded to a subscriber.");
    private static readonly Counter FailedUpgrades = Metrics.CreateCounter("rtclive_simulcast_failed_upgrades_total",
        "Automatic moves of a subscriber up to a simulcast layer its path could not carry (the layer is then held down for it, longer each time).");
    private static readonly Counter SubscriberOutages = Metrics.CreateCounter("rtclive_subscriber_outages_total",
        "Outages of a subscriber's path that ended: the node sent for a second or more with no transport-cc feedback back, then feedback came again (the estimate and layer were held through it, the loss of what was sent into it not counted, and a keyframe asked for).");
    private static readonly Counter DatagramsReceived = Metrics.CreateCounter("rtclive_udp_datagrams_received_total", "Datagrams read from the media port.");
    private static readonly Counter DatagramsDropped = Metrics.CreateCounter("rtclive_udp_datagrams_dropped_total",
        "Datagrams dropped at the media port, by reason.", new CounterConfiguration { LabelNames = ["reason"] });
    private static readonly Counter DatagramsBatched = Metrics.CreateCounter("rtclive_udp_batched_datagrams_total",
        "Datagrams the media port sent in sendmmsg batches (a packet's fan-out leaves together; RtcLive:Media:SendBatch).");
    private static readonly Counter SendBatches = Metrics.CreateCounter("rtclive_udp_send_batches_total",
        "sendmmsg batches the media port sent: batched datagrams / batches is the mean batch size.");
    private static readonly Counter SendFailures = Metrics.CreateCounter("rtclive_udp_send_failures_total",
        "Datagrams the media port could not send (a full socket buffer, an unreachable peer): lost as UDP loses them.");
    private static readonly Counter StunErrorsSuppressed = Metrics.CreateCounter("rtclive_stun_error_responses_suppressed_total",
        "Error responses to failed STUN checks not sent because the session's error budget was spent (a storm of bad checks).");
    private static readonly Gauge HandshakesInProgress = Metrics.CreateGauge("rtclive_dtls_handshakes_in_progress",
        "DTLS handshakes running on this node (each holds a thread until it ends or times out).");
    private static readonly Counter HandshakesRefused = Metrics.CreateCounter("rtclive_dtls_handshakes_refused_total",
        "ClientHellos that could not start a DTLS handshake because the node's limiter was full, in all (limit=node) or for the peer's address (limit=address).",
        new CounterConfiguration { LabelNames = ["limit"] });
    private static readonly Counter LimitRefusals = Metrics.CreateCounter("rtclive_limit_refusals_total",
        "Joins and publishes refused because a room or the node reached a configured limit (RtcLive:Sfu:Limits).");
    private static readonly Counter PacketsExpected = Metrics.CreateCounter("rtclive_rtp_packets_expected_total",
        "RTP packets publishers sent to this node, by their sequence numbers (loss = lost / expected).");
    private static readonly Counter PacketsLost = Metrics.CreateCounter("rtclive_rtp_packets_lost_total",
        "RTP packets from publishers that never arrived at this node (expected minus received).");
    private static readonly Counter TransportFailures = Metrics.CreateCounter("rtclive_transport_failures_total",
        "Transports that ended without being closed (ICE, DTLS or consent failures).");

    private static readonly Gauge IceTcpConnections = Metrics.CreateGauge("rtclive_ice_tcp_connections",
        "ICE-TCP connections open on this node's TCP media port (peers whose network blocks UDP).");
    private static readonly Counter IceTcpAccepted = Metrics.CreateCounter("rtclive_ice_tcp_connections_accepted_total", "ICE-TCP connections accepted.");
    private static readonly Counter IceTcpClosed = Metrics.CreateCounter("rtclive_ice_tcp_connections_closed_total",
        "ICE-TCP connections refused or closed by the node, by reason (over_limit, idle, unbound).", new CounterConfiguration { LabelNames = ["reason"] });
    private static readonly Counter IceTcpPackets = Metrics.CreateCounter("rtclive_ice_tcp_packets_total",
        "Framed packets (STUN, DTLS, SRTP) over ICE-TCP, by direction (in, out).", new CounterConfiguration { LabelNames = ["direction"] });
    private static readonly Counter IceTcpBytes = Metrics.CreateCounter("rtclive_ice_tcp_bytes_total",
        "Payload bytes over ICE-TCP (without the framing), by direction (in, out).", new CounterConfiguration { LabelNames = ["direction"] });
    private static readonly Counter IceTcpDropped = Metrics.CreateCounter("rtclive_ice_tcp_packets_dropped_total",
        "Framed packets dropped on the ICE-TCP port, by reason (send_queue_full: a slow reader; oversize, unknown_kind, unbound, stun_without_session).",
        new CounterConfiguration { LabelNames = ["reason"] });

    private readonly SfuNode _node;
    private readonly object _gate = new();
    // Consumers come and go with their switch counts; the total must not drop when one goes, so switches are
    // summed as deltas over the consumers seen at the previous scrape.
    private Dictionary<Consumer, long> _switchesSeen = [];
    private long _switchesTotal;
    private Dictionary<Consumer, long> _failedUpgradesSeen = [];
    private long _failedUpgradesTotal;
    // Likewise loss, over the publishers' layers seen at the previous scrape: (expected, lost) per layer.
    private Dictionary<ProducerLayer, (long Expected, long Lost)> _lossSeen = [];
    private long _expectedTotal;
    private long _lostTotal;

    public SfuMetrics(SfuNode node) => _node = node;

    /// <summary>Sets every metric from the node; called by the registry before each collection.</summary>
    public void Publish()
    {
        lock (_gate)
        {
            var rooms = _node.Rooms;
            var byRole = new Dictionary<string, int>(StringComparer.Ordinal);
            int audio = 0, video = 0;
            var seen = new Dictionary<Consumer, long>();
            var failedSeen = new Dictionary<Consumer, long>();
            var lossSeen = new Dictionary<ProducerLayer, (long Expected, long Lost)>();
            foreach (var room in rooms)
            {
                foreach (var participant in room.Participants)
                {
                    string role = participant.Role.ToWire();
                    byRole[role] = byRole.GetValueOrDefault(role) + 1;
                    foreach (var producer in participant.Producers)
                    {
                        if (producer.Kind == RtcLive.WebRtc.Sdp.MediaKind.Audio) audio++;
                        else video++;
                        foreach (var layer in producer.Layers)
                        {
                            if (layer.Statistics is not { } stats) continue;
                            // Read off the media thread: a moment old, never below what was counted before.
                            long expected = stats.PacketsExpected, lost = Math.Max(0, stats.CumulativeLost);
                            var before = _lossSeen.GetValueOrDefault(layer);
                            _expectedTotal += Math.Max(0, expected - before.Expected);
                            _lostTotal += Math.Max(0, lost - before.Lost);
                            lossSeen[layer] = (Math.Max(expected, before.Expected), Math.Max(lost, before.Lost));
                        }
                    }
                    foreach (var consumer in participant.Subscriber.Consumers)
                    {
                        if (consumer.Selector is not { } selector) continue;
                        long count = selector.SwitchCount;
                        _switchesTotal += count - _switchesSeen.GetValueOrDefault(consumer);
                        seen[consumer] = count;
                        long failed = selector.FailedUpgradeCount;
                        _failedUpgradesTotal += failed - _failedUpgradesSeen.GetValueOrDefault(consumer);
                        failedSeen[consumer] = failed;
                    }
                }
            }
            _switchesSeen = seen;
            _failedUpgradesSeen = failedSeen;
            _lossSeen = lossSeen;

            Rooms.Set(rooms.Count);
            foreach (string role in Roles) Participants.WithLabels(role).Set(byRole.GetValueOrDefault(role));
            Tracks.WithLabels("audio").Set(audio);
            Tracks.WithLabels("video").Set(video);

            var counters = _node.Counters;
            PacketsReceived.IncTo(counters.RtpPacketsReceived);
            PacketsForwarded.IncTo(counters.RtpPacketsForwarded);
            BytesForwarded.IncTo(counters.RtpBytesForwarded);
            NacksReceived.IncTo(counters.NackReceived);
            RtxSent.IncTo(counters.RtxPacketsSent);
            SwitchStragglers.IncTo(counters.SwitchStragglersForwarded);
            NacksSent.IncTo(counters.NacksSentToPublishers);
            RtxReceived.IncTo(counters.RtxPacketsReceived);
            PliSent.IncTo(counters.PictureLossIndicationsSent);
            SimulcastSwitches.IncTo(_switchesTotal);
            FailedUpgrades.IncTo(_failedUpgradesTotal);
            PacketsExpected.IncTo(_expectedTotal);
            PacketsLost.IncTo(_lostTotal);
            TransportFailures.IncTo(counters.TransportFailuresTotal);
            SubscriberOutages.IncTo(counters.SubscriberOutagesTotal);

            var mux = _node.Port.Mux.Counters;
            DatagramsReceived.IncTo(mux.Received);
            DatagramsDropped.WithLabels("unknown_kind").IncTo(mux.UnknownKind);
            DatagramsDropped.WithLabels("unbound_address").IncTo(mux.UnboundAddress);
            DatagramsDropped.WithLabels("stun_without_session").IncTo(mux.StunWithoutSession);
            DatagramsDropped.WithLabels("bad_stun_credentials").IncTo(mux.BadStunCredentials);
            DatagramsDropped.WithLabels("handshake_limit").IncTo(mux.HandshakeLimit);
            StunErrorsSuppressed.IncTo(mux.StunErrorResponsesSuppressed);
            DatagramsBatched.IncTo(mux.BatchedDatagrams);
            SendBatches.IncTo(mux.SendBatches);
            SendFailures.IncTo(mux.SendFailures);

            var handshakes = _node.Port.Handshakes;
            HandshakesInProgress.Set(handshakes.InProgress);
            long perAddress = handshakes.RefusedPerAddress;
            HandshakesRefused.WithLabels("address").IncTo(perAddress);
            HandshakesRefused.WithLabels("node").IncTo(handshakes.Refused - perAddress);
            LimitRefusals.IncTo(counters.LimitRefusalsTotal);

            if (_node.Port.Tcp is { } tcp)
            {
                var t = tcp.Counters;
                IceTcpConnections.Set(t.Connections);
                IceTcpAccepted.IncTo(t.ConnectionsAccepted);
                IceTcpClosed.WithLabels("over_limit").IncTo(t.ConnectionsRefused);
                IceTcpClosed.WithLabels("idle").IncTo(t.ConnectionsClosedIdle);
                IceTcpClosed.WithLabels("unbound").IncTo(t.ConnectionsClosedUnbound);
                IceTcpPackets.WithLabels("in").IncTo(t.PacketsReceived);
                IceTcpPackets.WithLabels("out").IncTo(t.PacketsSent);
                IceTcpBytes.WithLabels("in").IncTo(t.BytesReceived);
                IceTcpBytes.WithLabels("out").IncTo(t.BytesSent);
                IceTcpDropped.WithLabels("send_queue_full").IncTo(t.SendQueueFull);
                IceTcpDropped.WithLabels("oversize").IncTo(t.Oversize);
                IceTcpDropped.WithLabels("unknown_kind").IncTo(t.UnknownKind);
                IceTcpDropped.WithLabels("unbound").IncTo(t.Unbound);
                IceTcpDropped.WithLabels("stun_without_session").IncTo(t.StunWithoutSession);
            }
        }
    }
}
