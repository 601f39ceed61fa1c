using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using RtcLive.Sfu.Control;
using RtcLive.Sfu.Node;
using RtcLive.WebRtc.Client;
using RtcLive.WebRtc.Sdp;

namespace RtcLive.Signaling.Tests.Hubs;

/// <summary>The in-process control API over a real node on loopback: what signaling sees of it, errors and events.</summary>
public sealed class LocalSfuNodeControlTests : IDisposable
{
    private readonly SfuNode _node = new(new SfuNodeOptions { NodeId = "n1", MediaBind = new IPEndPoint(IPAddress.Loopback, 0) }, NullLoggerFactory.Instance);
    private readonly LocalSfuNodeControl _control;
    private readonly ConcurrentQueue<SfuControlEvent> _events = new();

    public LocalSfuNodeControlTests()
    {
        _node.Start();
        _control = new LocalSfuNodeControl(_node);
        _control.Events += _events.Enqueue;
    }

    [Fact]
    public async Task Join_returns_the_room_as_found_and_raises_a_joined_event()
    {
        await _control.JoinAsync("math", "alice", "Alice", "presenter");

        var snapshot = await _control.JoinAsync("math", "bob", "Bob", "viewer");

        Assert.Equal(("n1", "math", "bob"), (snapshot.NodeId, snapshot.Room, snapshot.ParticipantId));
        Assert.Equal([new SfuParticipantInfo("alice", "Alice", "presenter"), new SfuParticipantInfo("bob", "Bob", "viewer")],
            snapshot.Participants.OrderBy(p => p.ParticipantId));
        Assert.Empty(snapshot.Tracks);
        Assert.Contains(new SfuControlEvent.ParticipantJoined("math", new SfuParticipantInfo("bob", "Bob", "viewer")), _events);
    }

    [Fact]
    public async Task A_rejoin_replaces_the_session_without_a_left_event()
    {
        await _control.JoinAsync("math", "alice", "Alice", "viewer");

        await _control.JoinAsync("math", "alice", "Alice", "viewer");

        Assert.Contains(new SfuControlEvent.SessionReplaced("math", "alice"), _events);
        Assert.DoesNotContain(_events, e => e is SfuControlEvent.ParticipantLeft);
        Assert.Equal(2, _events.Count(e => e is SfuControlEvent.ParticipantJoined));
    }

    [Fact]
    public async Task Leave_raises_a_left_event_with_the_reason_and_is_quiet_when_repeated()
    {
        await _control.JoinAsync("math", "alice", "Alice", "viewer");

        await _control.LeaveAsync("math", "alice", "left");
        await _control.LeaveAsync("math", "alice", "left");

        var left = Assert.Single(_events.OfType<SfuControlEvent.ParticipantLeft>());
        Assert.Equal(("alice", "left"), (left.Participant.ParticipantId, left.Reason));
    }

    [Theory]
    [InlineData("admin", SfuControlError.InvalidArgument, "unknown role 'admin'")]
    [InlineData("", SfuControlError.InvalidArgument, "unknown role ''")]
    public async Task Join_refuses_unknown_roles(string role, SfuControlError error, string message)
    {
        var refused = await Assert.ThrowsAsync<SfuControlException>(() => _control.JoinAsync("math", "alice", "Alice", role));

        Assert.Equal(error, refused.Error);
        Assert.StartsWith(message, refused.Message);
    }

    [Fact]
    public async Task Calls_for_someone_not_in_the_room_are_refused_as_not_joined()
    {
        var stats = await Assert.ThrowsAsync<SfuControlException>(() => _control.GetStatsAsync("math", "ghost"));
        var layer = await Assert.ThrowsAsync<SfuControlException>(() => _control.SetLayerAsync("math", "ghost", "q"));

        Assert.Equal(SfuControlError.NotJoined, stats.Error);
        Assert.Equal("ghost is not in room math", stats.Message);
        Assert.Equal(SfuControlError.NotJoined, layer.Error);
    }

    [Fact]
    public async Task Publish_failures_are_wrapped_with_their_kind()
    {
        await _control.JoinAsync("math", "bob", "Bob", "viewer");
        await _control.JoinAsync("math", "alice", "Alice", "presenter");
        using var peer = new ClientPeer();
        string offer = peer.CreateOffer(new ClientTransceiver(MediaKind.Audio, MediaDirection.SendOnly));

        var viewer = await Assert.ThrowsAsync<SfuControlException>(() => _control.PublishAsync("math", "bob", offer, []));
        var malformed = await Assert.ThrowsAsync<SfuControlException>(() => _control.PublishAsync("math", "alice", "garbage", []));
        var answer = await Assert.ThrowsAsync<SfuControlException>(() => _control.AnswerSubscriptionAsync("math", "alice", offer));

        Assert.Equal((SfuControlError.NotAllowed, "a viewer may not publish"), (viewer.Error, viewer.Message));
        Assert.Equal(SfuControlError.MalformedSdp, malformed.Error);
        Assert.StartsWith("malformed SDP: ", malformed.Message);
        Assert.Equal(SfuControlError.Negotiation, answer.Error);
        Assert.Equal("SDP not accepted: no offer is waiting for an answer", answer.Message);
    }

    [Fact]
    public async Task Publishing_announces_the_tracks_and_offers_them_to_the_others_as_plain_records()
    {
        await _control.JoinAsync("math", "bob", "Bob", "viewer");
        await _control.JoinAsync("math", "alice", "Alice", "presenter");
        using var peer = new ClientPeer();
        string offer = peer.CreateOffer(
            new ClientTransceiver(MediaKind.Video, MediaDirection.SendOnly) { SimulcastRids = ["q", "h", "f"] },
            new ClientTransceiver(MediaKind.Audio, MediaDirection.SendOnly));

        string answer = await _control.PublishAsync("math", "alice", offer, [new SfuPublishedTrack("0", "screen")]);

        Assert.StartsWith("v=0", answer);
        var published = _events.OfType<SfuControlEvent.TrackPublished>().Select(e => e.Track).ToList();
        var screen = Assert.Single(published, t => t.Kind == "video");
        Assert.Equal(("alice", "Alice", "screen"), (screen.ParticipantId, screen.Name, screen.Source));
        Assert.Equal(["q", "h", "f"], screen.Rids);
        Assert.Equal("microphone", Assert.Single(published, t => t.Kind == "audio").Source); // no word from the client: the kind's default
        var offerToBob = Assert.Single(_events.OfType<SfuControlEvent.SubscriberOffer>(), o => o.ParticipantId == "bob");
        Assert.Equal(2, offerToBob.Tracks.Count);
        Assert.Contains(offerToBob.Tracks, t => t.TrackId == screen.TrackId && t.Kind == "video" && t.Source == "screen");
        Assert.Contains("a=ice-lite", offerToBob.Sdp);
    }

    [Fact]
    public async Task A_layer_choice_also_applies_to_tracks_published_later()
    {
        await _control.JoinAsync("math", "bob", "Bob", "viewer");
        await _control.SetLayerAsync("math", "bob", "h");
        await _control.JoinAsync("math", "alice", "Alice", "presenter");
        using var peer = new ClientPeer();

        await _control.PublishAsync("math", "alice",
            peer.CreateOffer(new ClientTransceiver(MediaKind.Video, MediaDirection.SendOnly) { SimulcastRids = ["q", "h", "f"] }),
            [new SfuPublishedTrack("0", "camera")]);

        Assert.True(_node.TryGetRoom("math", out var room));
        Assert.True(room.TryGetParticipant("bob", out var bob));
        var consumer = Assert.Single(bob.Subscriber.Consumers);
        Assert.Equal(1, consumer.Preference.ManualLayer);
        var unknown = await Assert.ThrowsAsync<SfuControlException>(() => _control.SetLayerAsync("math", "bob", "best"));
        Assert.Equal("unknown layer 'best' (q, h, f, auto)", unknown.Message);
    }

    public void Dispose()
    {
        _control.Dispose();
        _node.Dispose();
    }
}
