using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;
using RtcLive.Sfu.Control;
using RtcLive.Sfu.Control.Http;
using RtcLive.SfuNode.Hosting;
using RtcLive.WebRtc.Client;
using RtcLive.WebRtc.Sdp;

namespace RtcLive.SfuNode.Tests;

/// <summary>
/// The standalone node's control API over real HTTP on loopback, through the typed client signaling uses
/// (<see cref="HttpSfuNodeControl"/>): results, refusals, the event stream, and its token.
/// </summary>
public sealed class ControlApiTests
{
    private const string Room = "physics";

    [Fact]
    public async Task Status_names_the_node_its_region_and_process()
    {
        await using var node = await SfuNodeTestHost.StartAsync(id: "eu-7", region: "eu");
        await using var control = await node.ConnectControlAsync();

        var status = await control.GetStatusAsync();

        Assert.Equal("eu-7", control.NodeId);
        Assert.Equal(("eu-7", "eu", Environment.ProcessId, 0, 0), (status.NodeId, status.Region, status.Pid, status.Rooms, status.Participants));
        Assert.True(control.IsConnected);
    }

    [Fact]
    public async Task A_join_returns_the_room_as_found_and_every_listener_hears_of_it()
    {
        await using var node = await SfuNodeTestHost.StartAsync();
        await using var first = await node.ConnectControlAsync();
        await using var second = await node.ConnectControlAsync();
        var heard = new EventLog(second);

        await first.JoinAsync(Room, "alice", "Alice", "presenter");
        var snapshot = await first.JoinAsync(Room, "bob", "Bob", "viewer");

        Assert.Equal(("eu-1", Room, "bob"), (snapshot.NodeId, snapshot.Room, snapshot.ParticipantId));
        Assert.Equal(["alice", "bob"], snapshot.Participants.Select(p => p.ParticipantId).Order());
        Assert.Contains(new SfuParticipantInfo("alice", "Alice", "presenter"), snapshot.Participants);
        var joined = await heard.NextAsync<SfuControlEvent.ParticipantJoined>(e => e.Participant.ParticipantId == "bob");
        Assert.Equal((Room, "Bob", "viewer"), (joined.Room, joined.Participant.Name, joined.Participant.Role));

        await first.LeaveAsync(Room, "bob", "test over");
        var left = await heard.NextAsync<SfuControlEvent.ParticipantLeft>(e => e.Participant.ParticipantId == "bob");
        Assert.Equal("test over", left.Reason);
        Assert.Equal(1, (await first.GetStatusAsync()).Participants);
    }

    [Fact]
    public async Task Refusals_come_back_as_the_nodes_own_errors()
    {
        await using var node = await SfuNodeTestHost.StartAsync();
        await using var control = await node.ConnectControlAsync();
        await control.JoinAsync(Room, "bob", "Bob", "viewer");

        var notJoined = await Assert.ThrowsAsync<SfuControlException>(() => control.SetLayerAsync(Room, "nobody", "q"));
        Assert.Equal((SfuControlError.NotJoined, "nobody is not in room physics"), (notJoined.Error, notJoined.Message));

        var badRole = await Assert.ThrowsAsync<SfuControlException>(() => control.JoinAsync(Room, "eve", "Eve", "admin"));
        Assert.Equal(SfuControlError.InvalidArgument, badRole.Error);
        Assert.Contains("unknown role 'admin'", badRole.Message);

        var badLayer = await Assert.ThrowsAsync<SfuControlException>(() => control.SetLayerAsync(Room, "bob", "xl"));
        Assert.Equal(SfuControlError.InvalidArgument, badLayer.Error);

        var malformed = await Assert.ThrowsAsync<SfuControlException>(() =>
            control.PublishAsync(Room, "bob", "this is not SDP", [new SfuPublishedTrack("0", "camera")]));
        Assert.Equal(SfuControlError.NotAllowed, malformed.Error);

        await control.JoinAsync(Room, "alice", "Alice", "presenter");
        var garbage = await Assert.ThrowsAsync<SfuControlException>(() =>
            control.PublishAsync(Room, "alice", "v=0\r\nthis is not SDP", [new SfuPublishedTrack("0", "camera")]));
        Assert.Equal(SfuControlError.MalformedSdp, garbage.Error);

        using var peer = new ClientPeer();
        string offer = peer.CreateOffer(new ClientTransceiver(MediaKind.Video, MediaDirection.SendOnly));
        var viewerPublishes = await Assert.ThrowsAsync<SfuControlException>(() =>
            control.PublishAsync(Room, "bob", offer, [new SfuPublishedTrack("0", "camera")]));
        Assert.Equal((SfuControlError.NotAllowed, "a viewer may not publish"), (viewerPublishes.Error, viewerPublishes.Message));

        Assert.Equal(2, (await control.GetStatusAsync()).Participants);
    }

    [Fact]
    public async Task Calls_without_the_control_token_get_401_and_change_nothing()
    {
        await using var node = await SfuNodeTestHost.StartAsync();
        string body = """{"room":"physics","participantId":"eve","name":"Eve","role":"presenter"}""";

        using var anonymous = await node.Http.PostAsync(SfuControlPaths.Join, new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);

        using var forged = new HttpRequestMessage(HttpMethod.Post, SfuControlPaths.Join)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", SfuNodeTestHost.Token + "x") },
        };
        using var forgedResponse = await node.Http.SendAsync(forged);
        Assert.Equal(HttpStatusCode.Unauthorized, forgedResponse.StatusCode);

        using var events = await node.Http.GetAsync(SfuControlPaths.Events);
        Assert.Equal(HttpStatusCode.Unauthorized, events.StatusCode);

        var refused = await Assert.ThrowsAsync<SfuControlException>(() => node.ConnectControlAsync("wrong-token-wrong-token"));
        Assert.Equal(SfuControlError.Unavailable, refused.Error);
        Assert.Contains("refused the control token", refused.Message);

        await using var control = await node.ConnectControlAsync();
        Assert.Equal(0, (await control.GetStatusAsync()).Rooms);
    }

    [Fact]
    public async Task A_call_missing_an_argument_is_refused_before_it_reaches_the_node()
    {
        await using var node = await SfuNodeTestHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, SfuControlPaths.Join)
        {
            Content = new StringContent("""{"room":"physics","name":"Eve","role":"presenter"}""", Encoding.UTF8, "application/json"),
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", SfuNodeTestHost.Token) },
        };

        using var response = await node.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var control = await node.ConnectControlAsync();
        Assert.Equal(0, (await control.GetStatusAsync()).Rooms);
    }

    [Fact]
    public async Task A_node_that_is_gone_is_unavailable_and_its_event_stream_reopens_when_it_is_back()
    {
        var first = await SfuNodeTestHost.StartAsync();
        var address = first.BaseAddress;
        await using var control = await first.ConnectControlAsync();
        await first.DisposeAsync();

        var gone = await Assert.ThrowsAsync<SfuControlException>(() => control.JoinAsync(Room, "alice", "Alice", "presenter"));
        Assert.Equal(SfuControlError.Unavailable, gone.Error);
        Assert.True(await WaitUntilAsync(() => !control.IsConnected), "the event stream still counts as open");

        await using var second = await SfuNodeTestHost.StartAsync(extra: new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Http:Url"] = address.ToString().TrimEnd('/'),
        });
        Assert.True(await WaitUntilAsync(() => control.IsConnected), "the event stream never reopened");
        var heard = new EventLog(control);
        await control.JoinAsync(Room, "alice", "Alice", "presenter");
        await heard.NextAsync<SfuControlEvent.ParticipantJoined>(e => e.Participant.ParticipantId == "alice");
    }

    [Fact]
    public async Task A_node_without_a_control_token_refuses_to_start_and_says_why()
    {
        var app = SfuNodeApp.Build([], SfuNodeTestHost.Settings("eu-1", "eu", new Dictionary<string, string?> { ["RtcLive:Node:ControlToken"] = "" }));
        await using (app)
        {
            var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync().WaitAsync(SfuNodeTestHost.Timeout));
            Assert.Contains("RtcLive:Node:ControlToken must be set", refused.Message);
        }
    }

    private static async Task<bool> WaitUntilAsync(Func<bool> done)
    {
        var deadline = DateTime.UtcNow + SfuNodeTestHost.Timeout;
        while (!done())
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(50);
        }
        return true;
    }

    /// <summary>The events a control client hears, to wait for one.</summary>
    private sealed class EventLog
    {
        private readonly List<SfuControlEvent> _events = [];

        public EventLog(ISfuNodeControl control) => control.Events += e => { lock (_events) _events.Add(e); };

        public async Task<T> NextAsync<T>(Func<T, bool> match) where T : SfuControlEvent
        {
            var deadline = DateTime.UtcNow + SfuNodeTestHost.Timeout;
            while (DateTime.UtcNow < deadline)
            {
                lock (_events)
                    foreach (var e in _events)
                        if (e is T typed && match(typed)) return typed;
                await Task.Delay(20);
            }
            throw new TimeoutException($"no {typeof(T).Name} heard");
        }
    }
}
