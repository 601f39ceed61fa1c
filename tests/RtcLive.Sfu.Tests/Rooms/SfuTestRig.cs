using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using RtcLive.Sfu.Node;
using RtcLive.Sfu.Rooms;
using RtcLive.Sfu.Sessions;
using RtcLive.WebRtc.Client;
using RtcLive.WebRtc.Dtls;
using RtcLive.WebRtc.Ice;
using RtcLive.WebRtc.Sdp;
using RtcLive.WebRtc.Transport;

namespace RtcLive.Sfu.Tests.Rooms;

/// <summary>
/// A real SFU node on 127.0.0.1 and headless client peers standing in for browsers: the test drives the
/// room's control operations the way signaling will, and the peers talk real ICE, DTLS and SRTP to the node.
/// </summary>
internal sealed class SfuTestRig : IDisposable
{
    private static readonly Lazy<Task> Warmup = new(() => DtlsWarmup.RunAsync());
    private readonly ConcurrentDictionary<string, BlockingCollection<RoomEvent.SubscriberOffer>> _offers = new();
    private readonly List<ClientPeer> _peers = [];
    private readonly ClientPeerOptions? _peerOptions;

    public SfuTestRig(TimeSpan? consentTimeout = null, SfuLimits? limits = null)
    {
        var options = new SfuNodeOptions { MediaBind = new IPEndPoint(IPAddress.Loopback, 0), Limits = limits ?? new SfuLimits() };
        if (consentTimeout is { } timeout)
        {
            options.ConsentTimeout = timeout;
            // Peers that are alive must check consent well within the shortened timeout.
            _peerOptions = new ClientPeerOptions { Ice = new IceAgentOptions { ConsentIntervalMs = (long)timeout.TotalMilliseconds / 4 } };
        }
        Node = new SfuNode(options, NullLoggerFactory.Instance);
        Node.RoomEvents += e =>
        {
            if (e is RoomEvent.SubscriberOffer offer)
                _offers.GetOrAdd(offer.Participant.Id, _ => []).Add(offer);
        };
        Node.Start();
        Room = Node.GetOrCreateRoom("class-1");
    }

    public SfuNode Node { get; }

    public Room Room { get; }

    public static Task WarmUpAsync() => Warmup.Value;

    /// <summary>A publisher whose video m-line sends three simulcast layers (or none) and whose audio m-line sends Opus.</summary>
    public async Task<(ClientPeer Peer, NegotiatedMedia Video)> PublishAsync(Participant participant, bool simulcast, Room? room = null)
    {
        room ??= Room;
        var peer = Track(new ClientPeer(_peerOptions));
        string offer = peer.CreateOffer(
            new ClientTransceiver(MediaKind.Video, MediaDirection.SendOnly) { SimulcastRids = simulcast ? ["q", "h", "f"] : [] },
            new ClientTransceiver(MediaKind.Audio, MediaDirection.SendOnly));
        string answer = room.Publish(participant, offer, [new PublishedTrackRequest("0", Media.TrackSource.Camera)]);
        peer.SetRemoteAnswer(answer);
        await peer.ConnectAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(SpinWait.SpinUntil(() => participant.Publisher?.Transport?.State == MediaTransportState.Connected, TimeSpan.FromSeconds(10)));
        return (peer, peer.FindMedia("0")!);
    }

    /// <summary>
    /// Answers the node's next offer for <paramref name="participant"/> with a receive-only client peer (accepting
    /// what <paramref name="answerOptions"/> allows; by default VP8 with rtx, as a browser would).
    /// </summary>
    public async Task<ClientPeer> SubscribeAsync(Participant participant, IMediaReceiver receiver, ClientAnswerOptions? answerOptions = null)
    {
        var offer = NextOffer(participant.Id);
        var peer = Track(new ClientPeer(_peerOptions));
        peer.Receiver = receiver;
        string answer = peer.AcceptOffer(offer.Sdp, answerOptions);
        Room.AnswerSubscription(participant, answer);
        await peer.ConnectAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(SpinWait.SpinUntil(() => participant.Subscriber.IsConnected, TimeSpan.FromSeconds(10)));
        return peer;
    }

    public RoomEvent.SubscriberOffer NextOffer(string participantId)
    {
        var queue = _offers.GetOrAdd(participantId, _ => []);
        Assert.True(queue.TryTake(out var offer, TimeSpan.FromSeconds(5)), $"no subscriber offer for {participantId}");
        return offer!;
    }

    public bool HasOffer(string participantId) => _offers.TryGetValue(participantId, out var queue) && queue.Count > 0;

    private ClientPeer Track(ClientPeer peer)
    {
        lock (_peers) _peers.Add(peer);
        return peer;
    }

    public void Dispose()
    {
        lock (_peers) foreach (var peer in _peers) peer.Dispose();
        Node.Dispose();
    }
}
