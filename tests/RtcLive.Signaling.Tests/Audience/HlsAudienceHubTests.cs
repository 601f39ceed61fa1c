using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using RtcLive.Signaling.Auth;
using RtcLive.Signaling.Classroom;
using RtcLive.Signaling.Hubs.Contracts;
using RtcLive.Signaling.Tests.Hubs;

namespace RtcLive.Signaling.Tests.Audience;

/// <summary>
/// Joining without media (a page watching over HLS) through the real hub: the viewer takes part in chat and hands,
/// is listed (marked <c>hls</c>) and leaves cleanly, while the SFU node never hears of it; roles come from the token.
/// </summary>
public sealed class HlsAudienceHubTests
{
    private const string Room = "botany";

    [Fact]
    public async Task An_hls_viewer_is_listed_marked_and_costs_the_node_nothing()
    {
        await using var host = await SignalingTestHost.StartAsync();
        var (presenter, _) = await JoinAsync(host, "alice", "presenter");
        var (bob, bobJoin) = await JoinOverHlsAsync(host, "bob");

        Assert.Equal("", bobJoin.Node);
        Assert.Equal(new ParticipantInfo("bob", "bob", "viewer", "hls"), bobJoin.Self);
        Assert.Contains(bobJoin.Participants, p => p is { Id: "alice", Role: "presenter", Media: "webrtc" });
        Assert.Contains(bobJoin.Participants, p => p is { Id: "bob", Media: "hls" });
        Assert.Empty(bobJoin.IceServers);

        var seen = await presenter.NextParticipantJoinedAsync();
        Assert.Equal(new ParticipantInfo("bob", "bob", "viewer", "hls"), seen);

        // A later WebRTC joiner's list has bob, marked.
        var (_, carolJoin) = await JoinAsync(host, "carol", "viewer");
        Assert.Contains(carolJoin.Participants, p => p is { Id: "bob", Role: "viewer", Media: "hls" });
        Assert.Contains(carolJoin.Participants, p => p is { Id: "carol", Media: "webrtc" });

        // The node carries alice and carol, never bob (its record is written every beat); signaling counts bob.
        int most = 0;
        var until = DateTime.UtcNow.AddSeconds(3);
        while (DateTime.UtcNow < until)
        {
            most = Math.Max(most, await NodeParticipantsAsync(host));
            await Task.Delay(200);
        }
        Assert.Equal(2, most);
        Assert.Equal(1, Metric(await host.Http.GetStringAsync("/metrics"), "rtclive_hls_participants"));

        // Nothing about media works for it, each saying why.
        var layer = await Assert.ThrowsAsync<HubException>(() => bob.SetLayerAsync("q"));
        Assert.Contains("joined over HLS", layer.Message);
        var publish = await Assert.ThrowsAsync<HubException>(() => bob.PublishAsync("v=0\r\n", new PublishedTrack("0", "camera")));
        Assert.Contains("a viewer may not publish", publish.Message);
    }

    [Fact]
    public async Task An_hls_viewer_chats_and_raises_a_hand_and_sees_the_others_do_it()
    {
        await using var host = await SignalingTestHost.StartAsync();
        var (presenter, _) = await JoinAsync(host, "alice", "presenter");
        await presenter.InvokeAsync<ChatMessage>("Chat", "welcome");
        var (bob, bobJoin) = await JoinOverHlsAsync(host, "bob");
        Assert.Equal(["welcome"], bobJoin.Chat.Select(m => m.Text));

        var sent = await bob.InvokeAsync<ChatMessage>("Chat", "can you zoom in?");
        Assert.Equal(("bob", "can you zoom in?"), (sent.ParticipantId, sent.Text));
        Assert.Equal("welcome", (await presenter.NextChatMessageAsync()).Text);
        Assert.Equal("can you zoom in?", (await presenter.NextChatMessageAsync()).Text);
        Assert.Equal("can you zoom in?", (await bob.NextChatMessageAsync()).Text);

        await bob.InvokeAsync("RaiseHand");
        var hand = await presenter.NextHandChangedAsync();
        Assert.Equal(("bob", true), (hand.ParticipantId, hand.Raised));
        Assert.True((await bob.NextHandChangedAsync()).Raised);

        await presenter.InvokeAsync<ChatMessage>("Chat", "sure");
        Assert.Equal("sure", (await bob.NextChatMessageAsync()).Text);

        var (carol, _) = await JoinAsync(host, "carol", "viewer");
        await carol.InvokeAsync("RaiseHand");
        var carolsHand = await bob.NextHandChangedAsync();
        Assert.Equal(("carol", true), (carolsHand.ParticipantId, carolsHand.Raised));

        await presenter.InvokeAsync("DismissHand", "bob");
        var dismissed = await bob.NextHandChangedAsync();
        Assert.Equal(("bob", false), (dismissed.ParticipantId, dismissed.Raised));
    }

    [Fact]
    public async Task Only_a_viewer_token_joins_over_hls_and_a_bad_media_value_is_refused()
    {
        await using var host = await SignalingTestHost.StartAsync(devTokens: false);
        var tokens = new RoomTokenService(Options.Create(new TokenOptions { Secret = SignalingTestHost.Secret, Issuer = "rtclive" }), TimeProvider.System);
        string Token(string identity, string name, RoomRole role) => tokens.Issue(new RoomClaims(Room, identity, name, role));
        foreach (var role in new[] { RoomRole.Presenter, RoomRole.Moderator, RoomRole.Speaker })
        {
            string token = Token("eve", "eve", role);
            var client = await host.ConnectAsync(Room, token);
            var refused = await Assert.ThrowsAsync<HubException>(() => client.JoinAsync(new JoinRequest { Room = Room, Media = "hls" }));
            Assert.Contains("only viewers watch over HLS", refused.Message);
        }

        // The request's own name and role do not count: the token's do.
        var presenter = await host.ConnectAsync(Room, Token("pat", "Pat", RoomRole.Presenter));
        var posing = await Assert.ThrowsAsync<HubException>(() => presenter.JoinAsync(new JoinRequest { Room = Room, Name = "x", Role = "viewer", Media = "hls" }));
        Assert.Contains("only viewers watch over HLS", posing.Message);

        var viewer = await host.ConnectAsync(Room, Token("vic", "Vic", RoomRole.Viewer));
        var bad = await Assert.ThrowsAsync<HubException>(() => viewer.JoinAsync(new JoinRequest { Room = Room, Media = "carrier-pigeon" }));
        Assert.Contains("media must be 'webrtc' or 'hls'", bad.Message);
        var joined = await viewer.JoinAsync(new JoinRequest { Room = Room, Media = "HLS" });
        Assert.Equal(("vic", "Vic", "viewer", "hls"), (joined.Self.Id, joined.Self.Name, joined.Self.Role, joined.Self.Media));

        // Not in the class yet: no chat, no hand.
        var stranger = await host.ConnectAsync(Room, Token("sam", "Sam", RoomRole.Viewer));
        var chat = await Assert.ThrowsAsync<HubException>(() => stranger.InvokeAsync<ChatMessage>("Chat", "hi"));
        Assert.Contains("join a room first", chat.Message);
    }

    [Fact]
    public async Task Leaving_or_disconnecting_takes_the_hls_viewer_off_every_list_with_its_hand()
    {
        await using var host = await SignalingTestHost.StartAsync();
        var (presenter, _) = await JoinAsync(host, "alice", "presenter");
        var (bob, _) = await JoinOverHlsAsync(host, "bob");
        Assert.Equal("bob", (await presenter.NextParticipantJoinedAsync()).Id);
        await bob.InvokeAsync("RaiseHand");
        Assert.True((await presenter.NextHandChangedAsync()).Raised);

        await bob.LeaveAsync();
        var left = await presenter.NextParticipantLeftAsync();
        Assert.Equal(("bob", "hls", "left"), (left.Participant.Id, left.Participant.Media, left.Reason));
        var handDown = await presenter.NextHandChangedAsync();
        Assert.Equal(("bob", false), (handDown.ParticipantId, handDown.Raised));
        var chat = await Assert.ThrowsAsync<HubException>(() => bob.InvokeAsync<ChatMessage>("Chat", "still here?"));
        Assert.Contains("join a room first", chat.Message);

        var (carol, _) = await JoinOverHlsAsync(host, "carol");
        Assert.Equal("carol", (await presenter.NextParticipantJoinedAsync()).Id);
        await carol.DisposeAsync();
        var closed = await presenter.NextParticipantLeftAsync();
        Assert.Equal(("carol", "connection closed"), (closed.Participant.Id, closed.Reason));

        var (_, late) = await JoinAsync(host, "dan", "viewer");
        Assert.DoesNotContain(late.Participants, p => p.Id is "bob" or "carol");
        Assert.Equal(0, Metric(await host.Http.GetStringAsync("/metrics"), "rtclive_hls_participants"));
    }

    [Fact]
    public async Task A_moderator_cannot_bring_an_hls_viewer_on_stage_but_removes_it_and_ends_the_class_for_it()
    {
        await using var host = await SignalingTestHost.StartAsync();
        var (moderator, _) = await JoinAsync(host, "mia", "moderator");
        var (bob, _) = await JoinOverHlsAsync(host, "bob");
        var (carol, _) = await JoinOverHlsAsync(host, "carol");

        var promote = await Assert.ThrowsAsync<HubException>(() => moderator.InvokeAsync("Promote", "bob"));
        Assert.Contains("bob watches over HLS", promote.Message);
        Assert.Contains("cannot be brought on stage", promote.Message);
        var mute = await Assert.ThrowsAsync<HubException>(() => moderator.InvokeAsync("MuteParticipant", "bob", "audio"));
        Assert.Contains("watches over HLS", mute.Message);
        var demote = await Assert.ThrowsAsync<HubException>(() => moderator.InvokeAsync("Demote", "bob"));
        Assert.Contains("is a viewer, not a speaker", demote.Message);
        // An HLS viewer runs nothing.
        var byViewer = await Assert.ThrowsAsync<HubException>(() => bob.InvokeAsync("Remove", "carol"));
        Assert.Contains("a viewer may not remove participants", byViewer.Message);

        await moderator.InvokeAsync("Remove", "bob");
        Assert.Equal("removed by a moderator", (await bob.NextRemovedAsync()).Reason);
        var left = await carol.NextParticipantLeftAsync();
        Assert.Equal(("bob", "removed by a moderator"), (left.Participant.Id, left.Reason));
        // Its page ignoring that changes nothing: it is out, and its identity cannot come back.
        var chat = await Assert.ThrowsAsync<HubException>(() => bob.InvokeAsync<ChatMessage>("Chat", "let me back"));
        Assert.Contains("join a room first", chat.Message);
        var again = await host.ConnectAsync(Room, await host.DevTokenAsync(Room, "bob", "viewer"));
        var rejoin = await Assert.ThrowsAsync<HubException>(() => again.JoinAsync(new JoinRequest { Room = Room, Media = "hls" }));
        Assert.Contains("was removed from this class", rejoin.Message);

        await moderator.InvokeAsync("EndClass");
        Assert.Equal("mia", (await carol.NextClassEndedAsync()).By);
        var after = await Assert.ThrowsAsync<HubException>(() => carol.InvokeAsync<ChatMessage>("Chat", "hello?"));
        Assert.Contains("join a room first", after.Message);
    }

    [Fact]
    public async Task Falling_back_from_webrtc_to_hls_keeps_the_viewer_in_the_class()
    {
        await using var host = await SignalingTestHost.StartAsync();
        var (presenter, _) = await JoinAsync(host, "alice", "presenter");
        var (bobWebRtc, _) = await JoinAsync(host, "bob", "viewer");
        var first = await presenter.NextParticipantJoinedAsync();
        Assert.Equal(("bob", "webrtc"), (first.Id, first.Media));
        await bobWebRtc.InvokeAsync("RaiseHand");
        Assert.True((await presenter.NextHandChangedAsync()).Raised);

        // The page gives up on WebRTC and joins again over HLS on a new connection, before the old one is gone.
        var (bobHls, _) = await JoinOverHlsAsync(host, "bob");
        await bobWebRtc.NextSessionReplacedAsync();
        var update = await presenter.NextParticipantJoinedAsync();
        Assert.Equal(("bob", "hls"), (update.Id, update.Media));
        await bobWebRtc.DisposeAsync();

        // The node's "bob left" is stale news: nobody hears it, and the hand stays up.
        var (_, late) = await JoinAsync(host, "dan", "viewer");
        Assert.Contains(late.Participants, p => p is { Id: "bob", Media: "hls" });
        Assert.Equal(["bob"], late.Hands.Select(h => h.ParticipantId));
        Assert.Equal("dan", (await presenter.NextParticipantJoinedAsync()).Id);
        await Task.Delay(1000);
        Assert.Equal(0, presenter.PendingParticipantLeft);

        // And back to WebRTC: the HLS entry goes quietly, the node's join is the news.
        var (_, back) = await JoinAsync(host, "bob", "viewer");
        Assert.Equal("webrtc", back.Self.Media);
        await bobHls.NextSessionReplacedAsync();
        var returned = await presenter.NextParticipantJoinedAsync();
        Assert.Equal(("bob", "webrtc"), (returned.Id, returned.Media));
        Assert.Equal(0, Metric(await host.Http.GetStringAsync("/metrics"), "rtclive_hls_participants"));
    }

    private static async Task<(RoomHubClient Client, JoinResult Join)> JoinAsync(SignalingTestHost host, string name, string role)
    {
        var client = await host.ConnectAsync(Room, await host.DevTokenAsync(Room, name, role));
        return (client, await client.JoinAsync(new JoinRequest { Room = Room }));
    }

    private static async Task<(RoomHubClient Client, JoinResult Join)> JoinOverHlsAsync(SignalingTestHost host, string name)
    {
        var client = await host.ConnectAsync(Room, await host.DevTokenAsync(Room, name, "viewer"));
        return (client, await client.JoinAsync(new JoinRequest { Room = Room, Media = "hls" }));
    }

    private static async Task<int> NodeParticipantsAsync(SignalingTestHost host)
    {
        using var cluster = JsonDocument.Parse(await host.Http.GetStringAsync("/api/cluster"));
        return cluster.RootElement.GetProperty("nodes")[0].GetProperty("participants").GetInt32();
    }

    private static int Metric(string metrics, string series) => metrics.Split('\n')
        .Where(l => l.StartsWith(series + " ", StringComparison.Ordinal))
        .Select(l => (int)double.Parse(l.Split(' ')[1], CultureInfo.InvariantCulture)).Single();
}
