using Microsoft.AspNetCore.SignalR;
using RtcLive.Signaling.Hubs.Contracts;
using RtcLive.Signaling.Tests.Hubs;
using RtcLive.WebRtc.Client;
using RtcLive.WebRtc.Sdp;

namespace RtcLive.Signaling.Tests.Classroom;

/// <summary>
/// Hands, the stage, chat and moderation through the real hub, with client peers carrying media where the
/// claim is about media (a promoted speaker is heard, a demoted one is not, whatever its client sends).
/// </summary>
public sealed class ClassroomHubTests
{
    private const string Room = "history";

    [Fact]
    public async Task Hands_are_seen_in_the_order_raised_by_everyone_including_late_joiners()
    {
        await using var host = await SignalingTestHost.StartAsync();
        var (moderator, _) = await JoinAsync(host, "mia", "moderator");
        var (bob, _) = await JoinAsync(host, "bob", "viewer");
        var (carol, _) = await JoinAsync(host, "carol", "viewer");

        await carol.InvokeAsync("RaiseHand");
        await bob.InvokeAsync("RaiseHand");
        await bob.InvokeAsync("RaiseHand"); // already up: nothing new
        var first = await moderator.NextHandChangedAsync();
        var second = await moderator.NextHandChangedAsync();
        Assert.Equal(("carol", true), (first.ParticipantId, first.Raised));
        Assert.Equal(("bob", true), (second.ParticipantId, second.Raised));
        Assert.True(first.At <= second.At);

        var (_, lateJoin) = await JoinAsync(host, "dan", "presenter");
        Assert.Equal(["carol", "bob"], lateJoin.Hands.Select(h => h.ParticipantId));

        await carol.InvokeAsync("LowerHand");
        var lowered = await moderator.NextHandChangedAsync();
        Assert.Equal(("carol", false), (lowered.ParticipantId, lowered.Raised));

        await bob.LeaveAsync();
        var gone = await moderator.NextHandChangedAsync();
        Assert.Equal(("bob", false), (gone.ParticipantId, gone.Raised));
        var (_, afterwards) = await JoinAsync(host, "eve", "viewer");
        Assert.Empty(afterwards.Hands);
    }

    [Fact]
    public async Task A_promoted_viewer_is_heard_and_a_demoted_speaker_is_not_whatever_its_client_sends()
    {
        await using var host = await SignalingTestHost.StartAsync();
        var (moderator, _) = await JoinAsync(host, "mia", "moderator");
        var (presenter, _) = await JoinAsync(host, "alice", "presenter");
        var (bob, _) = await JoinAsync(host, "bob", "viewer");

        // The presenter receives whatever the room publishes.
        var received = new ReceivedMedia();
        using var presenterPeer = new ClientPeer { Receiver = received };

        using var bobPeer = new ClientPeer();
        string offer = bobPeer.CreateOffer(
            new ClientTransceiver(MediaKind.Video, MediaDirection.SendOnly) { SimulcastRids = ["q", "h", "f"] },
            new ClientTransceiver(MediaKind.Audio, MediaDirection.SendOnly));
        var beforePromotion = await Assert.ThrowsAsync<HubException>(() => bob.PublishAsync(offer, new PublishedTrack("0", "camera")));
        Assert.Contains("a viewer may not publish", beforePromotion.Message);

        await bob.InvokeAsync("RaiseHand");
        Assert.True((await moderator.NextHandChangedAsync()).Raised);
        await moderator.InvokeAsync("Promote", "bob");
        var promoted = await bob.NextRoleChangedAsync();
        Assert.Equal(("bob", "speaker"), (promoted.Id, promoted.Role));
        Assert.Equal(("bob", "speaker"), ((await presenter.NextRoleChangedAsync()).Id, "speaker"));
        var handDown = await moderator.NextHandChangedAsync();
        Assert.Equal(("bob", false), (handDown.ParticipantId, handDown.Raised));

        bobPeer.SetRemoteAnswer(await bob.PublishAsync(offer, new PublishedTrack("0", "camera"), new PublishedTrack("1", "microphone")));
        await bobPeer.ConnectAsync().WaitAsync(SignalingTestHost.Timeout);
        var bobsCamera = await presenter.NextTrackPublishedAsync();
        Assert.Equal(("bob", "camera"), (bobsCamera.ParticipantId, bobsCamera.Source));
        var toPresenter = await presenter.NextOfferAsync();
        await presenter.AnswerSubscriptionAsync(presenterPeer.AcceptOffer(toPresenter.Sdp));
        await presenterPeer.ConnectAsync().WaitAsync(SignalingTestHost.Timeout);
        byte videoPt = presenterPeer.FindMedia(toPresenter.Tracks.Single(t => t.Kind == "video").Mid)!.PayloadType;

        using var sending = new CancellationTokenSource();
        var sender = new SyntheticPresenterMedia(bobPeer, bobPeer.FindMedia("0")!, bobPeer.FindMedia("1")!).RunAsync(sending.Token);
        try
        {
            Assert.True(await WaitUntilAsync(() => received.Packets(videoPt) >= 20), $"the presenter got {received.Packets(videoPt)} of bob's video packets");

            await moderator.InvokeAsync("Demote", "bob");
            Assert.Equal(("bob", "viewer"), ((await bob.NextRoleChangedAsync()).Id, "viewer"));
            var unpublished = await presenter.NextTrackUnpublishedAsync();
            Assert.Equal("bob", unpublished.ParticipantId);

            // Bob's client keeps sending; within a second nothing of it reaches anyone.
            await Task.Delay(300);
            int settled = received.Packets(videoPt);
            await Task.Delay(1000);
            Assert.Equal(settled, received.Packets(videoPt));
            Assert.Equal(0, (await host.Http.GetStringAsync("/metrics")).Split('\n')
                .Where(l => l.StartsWith("rtclive_participants{role=\"speaker\"}", StringComparison.Ordinal))
                .Select(l => (int)double.Parse(l.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture)).Single());

            var again = await Assert.ThrowsAsync<HubException>(() => bob.PublishAsync(offer, new PublishedTrack("0", "camera")));
            Assert.Contains("a viewer may not publish", again.Message);
        }
        finally
        {
            await sending.CancelAsync();
            await sender.WaitAsync(SignalingTestHost.Timeout);
        }
    }

    [Fact]
    public async Task A_promotion_survives_a_reload_and_only_viewers_are_promoted_and_only_speakers_demoted()
    {
        await using var host = await SignalingTestHost.StartAsync();
        var (presenter, _) = await JoinAsync(host, "alice", "presenter");
        var (bob, _) = await JoinAsync(host, "bob", "viewer");
        await JoinAsync(host, "mia", "moderator");

        var notViewer = await Assert.ThrowsAsync<HubException>(() => presenter.InvokeAsync("Promote", "mia"));
        Assert.Contains("mia is a moderator, not a viewer", notViewer.Message);
        var notSpeaker = await Assert.ThrowsAsync<HubException>(() => presenter.InvokeAsync("Demote", "bob"));
        Assert.Contains("not a speaker", notSpeaker.Message);
        var nobody = await Assert.ThrowsAsync<HubException>(() => presenter.InvokeAsync("Promote", "zed"));
        Assert.Contains("nobody called 'zed'", nobody.Message);

        await presenter.InvokeAsync("Promote", "bob"); // a presenter brings people on stage too
        await bob.NextRoleChangedAsync();
        await bob.DisposeAsync();
        var (_, rejoined) = await JoinAsync(host, "bob", "viewer");
        Assert.Equal("speaker", rejoined.Self.Role);
    }

    [Fact]
    public async Task A_viewer_cannot_moderate_and_nothing_changes_when_it_tries()
    {
        await using var host = await SignalingTestHost.StartAsync();
        var (presenter, _) = await JoinAsync(host, "alice", "presenter");
        var (bob, _) = await JoinAsync(host, "bob", "viewer");
        var (carol, _) = await JoinAsync(host, "carol", "viewer");

        foreach (var (method, args) in new (string, object?[])[]
                 {
                     ("Promote", ["carol"]), ("Demote", ["alice"]), ("MuteParticipant", ["alice", "audio"]), ("DismissHand", ["carol"]),
                     ("Remove", ["carol"]), ("EndClass", []),
                 })
        {
            var refused = await Assert.ThrowsAsync<HubException>(() => bob.InvokeAsync(method, args));
            Assert.Contains("a viewer may not", refused.Message);
        }
        var presenterMayNot = await Assert.ThrowsAsync<HubException>(() => presenter.InvokeAsync("Remove", "carol"));
        Assert.Contains("only moderators may", presenterMayNot.Message);

        var stats = await carol.GetStatsAsync();
        Assert.Equal("local", stats.Node);
        var (_, check) = await JoinAsync(host, "dan", "viewer");
        Assert.Equal(["alice", "bob", "carol", "dan"], check.Participants.Select(p => p.Id).Order());
        Assert.Equal("viewer", check.Participants.Single(p => p.Id == "carol").Role);
    }

    [Fact]
    public async Task A_moderator_mutes_a_speakers_microphone_and_everyone_is_told()
    {
        await using var host = await SignalingTestHost.StartAsync();
        var (moderator, _) = await JoinAsync(host, "mia", "moderator");
        var (alice, _) = await JoinAsync(host, "alice", "presenter");
        using var peer = new ClientPeer();
        string offer = peer.CreateOffer(new ClientTransceiver(MediaKind.Audio, MediaDirection.SendOnly));
        peer.SetRemoteAnswer(await alice.PublishAsync(offer, new PublishedTrack("0", "microphone")));

        await moderator.InvokeAsync("MuteParticipant", "alice", "audio");
        var toAlice = await alice.NextTrackMutedAsync();
        Assert.Equal(("alice", "microphone", true), (toAlice.Track.ParticipantId, toAlice.Track.Source, toAlice.Muted));
        Assert.True((await moderator.NextTrackMutedAsync()).Muted);
        var badKind = await Assert.ThrowsAsync<HubException>(() => moderator.InvokeAsync("MuteParticipant", "alice", "smell"));
        Assert.Contains("neither audio nor video", badKind.Message);
    }

    [Fact]
    public async Task A_removed_participant_is_told_the_others_see_it_leave_and_it_cannot_rejoin()
    {
        await using var host = await SignalingTestHost.StartAsync();
        var (moderator, _) = await JoinAsync(host, "mia", "moderator");
        string bobToken = await host.DevTokenAsync(Room, "bob", "viewer");
        var bob = await host.ConnectAsync(Room, bobToken);
        await bob.JoinAsync(new JoinRequest { Room = Room });
        await moderator.NextParticipantJoinedAsync();

        await moderator.InvokeAsync("Remove", "bob");

        var removed = await bob.NextRemovedAsync();
        Assert.Equal((Room, "mia"), (removed.Room, removed.By));
        var left = await moderator.NextParticipantLeftAsync();
        Assert.Equal("bob", left.Participant.Id);
        Assert.Contains("removed", left.Reason);
        var calls = await Assert.ThrowsAsync<HubException>(() => bob.GetStatsAsync());
        Assert.Contains("join a room first", calls.Message);

        var sameToken = await Assert.ThrowsAsync<HubException>(() => bob.JoinAsync(new JoinRequest { Room = Room }));
        Assert.Contains("bob was removed from this class", sameToken.Message);
        var again = await host.ConnectAsync(Room, bobToken);
        await Assert.ThrowsAsync<HubException>(() => again.JoinAsync(new JoinRequest { Room = Room }));
        var whep = await host.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/whep/{Room}")
        {
            Content = new StringContent("v=0\r\n", System.Text.Encoding.UTF8, "application/sdp"),
            Headers = { Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bobToken) },
        });
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, whep.StatusCode);
    }

    [Fact]
    public async Task Ending_the_class_sends_everyone_out_and_old_tokens_stay_out()
    {
        await using var host = await SignalingTestHost.StartAsync();
        var (moderator, _) = await JoinAsync(host, "mia", "moderator");
        string bobToken = await host.DevTokenAsync(Room, "bob", "viewer");
        var bob = await host.ConnectAsync(Room, bobToken);
        await bob.JoinAsync(new JoinRequest { Room = Room });
        await Task.Delay(20); // tokens carry whole seconds: the next one must be issued after the end

        await moderator.InvokeAsync("EndClass");

        Assert.Equal("mia", (await bob.NextClassEndedAsync()).By);
        Assert.Equal("mia", (await moderator.NextClassEndedAsync()).By);
        var ended = await Assert.ThrowsAsync<HubException>(() => bob.JoinAsync(new JoinRequest { Room = Room }));
        Assert.Contains("this class has ended", ended.Message);
        // The node's registry record follows a moment after the leaves.
        string status = await host.Http.GetStringAsync("/api/cluster");
        for (int i = 0; i < 40 && !status.Contains("\"participants\":0"); i++)
        {
            await Task.Delay(50);
            status = await host.Http.GetStringAsync("/api/cluster");
        }
        Assert.Contains("\"participants\":0", status);

        await Task.Delay(1100);
        var (_, fresh) = await JoinAsync(host, "bob", "viewer"); // a new token: a new class in the same room
        Assert.Equal("viewer", fresh.Self.Role);
    }

    [Fact]
    public async Task Chat_reaches_everyone_late_joiners_get_the_history_and_floods_are_refused_politely()
    {
        await using var host = await SignalingTestHost.StartAsync();
        var (alice, _) = await JoinAsync(host, "alice", "presenter");
        var (bob, _) = await JoinAsync(host, "bob", "viewer");

        var sent = await bob.InvokeAsync<RtcLive.Signaling.Classroom.ChatMessage>("Chat", "  <b>hello</b> & welcome  ");
        Assert.Equal(("bob", "bob", "<b>hello</b> & welcome"), (sent.ParticipantId, sent.From, sent.Text));
        var atAlice = await alice.NextChatMessageAsync();
        Assert.Equal((sent.Id, "<b>hello</b> & welcome"), (atAlice.Id, atAlice.Text));
        Assert.Equal(sent.Id, (await bob.NextChatMessageAsync()).Id);

        var tooLong = await Assert.ThrowsAsync<HubException>(() => bob.InvokeAsync("Chat", new string('x', 1001)));
        Assert.Contains("at most 1000 characters", tooLong.Message);
        var empty = await Assert.ThrowsAsync<HubException>(() => bob.InvokeAsync("Chat", "   "));
        Assert.Contains("cannot be empty", empty.Message);

        int accepted = 0, refused = 0;
        for (int i = 0; i < 100; i++)
        {
            try
            {
                await alice.InvokeAsync("Chat", $"burst {i}");
                accepted++;
            }
            catch (HubException ex)
            {
                Assert.True(ex.Message.Contains("too many chat messages") || ex.Message.Contains("too many calls"), ex.Message);
                refused++;
            }
        }
        Assert.InRange(accepted, 1, 20);
        Assert.Equal(100 - accepted, refused);

        var (carol, late) = await JoinAsync(host, "carol", "viewer");
        Assert.Equal(1 + accepted, late.Chat.Count);
        Assert.Equal("<b>hello</b> & welcome", late.Chat[0].Text);
        Assert.Equal(late.Chat.Select(m => m.Id).Order(), late.Chat.Select(m => m.Id));
        string metrics = await host.Http.GetStringAsync("/metrics");
        Assert.Contains("rtclive_chat_messages_total", metrics);
        Assert.Contains("rtclive_chat_refused_total{reason=\"rate\"}", metrics);
        await carol.InvokeAsync("Chat", "still here");
        Assert.Equal("carol", (await NextTextAsync(bob, "still here")).From);
    }

    private static async Task<RtcLive.Signaling.Classroom.ChatMessage> NextTextAsync(RoomHubClient client, string text)
    {
        while (true)
        {
            var message = await client.NextChatMessageAsync();
            if (message.Text == text) return message;
        }
    }

    private static async Task<bool> WaitUntilAsync(Func<bool> done)
    {
        var deadline = DateTime.UtcNow + SignalingTestHost.Timeout;
        while (!done())
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(50);
        }
        return true;
    }

    private static async Task<(RoomHubClient Client, JoinResult Join)> JoinAsync(SignalingTestHost host, string name, string role)
    {
        var client = await host.ConnectAsync(Room, await host.DevTokenAsync(Room, name, role));
        return (client, await client.JoinAsync(new JoinRequest { Room = Room }));
    }
}
