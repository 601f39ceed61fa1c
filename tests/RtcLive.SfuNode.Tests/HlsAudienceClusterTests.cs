using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using RtcLive.Cluster.Tests;
using RtcLive.Signaling.Audience;
using RtcLive.Signaling.Classroom;
using RtcLive.Signaling.Hubs.Contracts;
using RtcLive.Signaling.Tests.Hubs;

namespace RtcLive.SfuNode.Tests;

/// <summary>
/// Taking part over HLS in a cluster: a viewer joined without media through one signaling instance is one of the
/// class for the other instance's participants (listed, chatting, its hand seen), a moderator on the other instance
/// removes it. The shared list itself: <see cref="RedisAudienceStoreTests"/>.
/// </summary>
public sealed class HlsAudienceClusterTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string Room = "astronomy";

    [Fact]
    public async Task An_hls_viewer_on_one_instance_takes_part_with_webrtc_participants_on_another_and_is_removed_from_there()
    {
        var cluster = new Dictionary<string, string?> { ["RtcLive:Cluster:Redis"] = redis.Configuration };
        var signalingSettings = new Dictionary<string, string?>(cluster)
        {
            ["RtcLive:Sfu:ControlToken"] = SfuNodeTestHost.Token,
            ["RtcLive:Region"] = "eu",
        };
        await using var node = await SfuNodeTestHost.StartAsync(id: "eu-1", region: "eu", extra: cluster);
        await using var first = await SignalingTestHost.StartAsync(extra: signalingSettings);
        await using var second = await SignalingTestHost.StartAsync(extra: signalingSettings);

        var alice = await first.ConnectAsync(Room, await first.DevTokenAsync(Room, "alice", "presenter"));
        Assert.Equal("eu-1", (await JoinWithRetryAsync(alice)).Node);
        Assert.True(await WaitUntilAsync(async () => await RoomIsListedAsync(second)), "the registry never listed the room on eu-1");

        var bob = await second.ConnectAsync(Room, await second.DevTokenAsync(Room, "bob", "viewer"));
        var bobJoin = await bob.JoinAsync(new JoinRequest { Room = Room, Media = "hls" });
        Assert.Equal("", bobJoin.Node);
        Assert.Contains(bobJoin.Participants, p => p is { Id: "alice", Role: "presenter", Media: "webrtc" });
        var seen = await alice.NextParticipantJoinedAsync();
        Assert.Equal(("bob", "hls"), (seen.Id, seen.Media));

        // A WebRTC newcomer on the first instance finds bob in the list, from the shared store.
        var mia = await first.ConnectAsync(Room, await first.DevTokenAsync(Room, "mia", "moderator"));
        var miaJoin = await JoinWithRetryAsync(mia);
        Assert.Contains(miaJoin.Participants, p => p is { Id: "bob", Role: "viewer", Media: "hls" });
        Assert.Equal("mia", (await bob.NextParticipantJoinedAsync()).Id); // node events reach it through its own instance

        // Chat and hands across instances, each exactly once.
        await bob.InvokeAsync<ChatMessage>("Chat", "hello from HLS");
        var fromBob = await alice.NextChatMessageAsync();
        Assert.Equal(("bob", "hello from HLS"), (fromBob.ParticipantId, fromBob.Text));
        await alice.InvokeAsync<ChatMessage>("Chat", "hello bob");
        Assert.Equal("hello from HLS", (await bob.NextChatMessageAsync()).Text);
        Assert.Equal("hello bob", (await bob.NextChatMessageAsync()).Text);
        Assert.Equal("hello bob", (await alice.NextChatMessageAsync()).Text);
        await bob.InvokeAsync("RaiseHand");
        var hand = await alice.NextHandChangedAsync();
        Assert.Equal(("bob", true), (hand.ParticipantId, hand.Raised));

        // A moderator on the first instance acts on bob, connected to the second.
        var promote = await Assert.ThrowsAsync<HubException>(() => mia.InvokeAsync("Promote", "bob"));
        Assert.Contains("bob watches over HLS", promote.Message);
        await mia.InvokeAsync("Remove", "bob");
        Assert.Equal("removed by a moderator", (await bob.NextRemovedAsync()).Reason);
        var left = await alice.NextParticipantLeftAsync();
        Assert.Equal(("bob", "hls"), (left.Participant.Id, left.Participant.Media));
        // Its instance learns it on bob's next call, even if bob's client ignored the message.
        var chat = await Assert.ThrowsAsync<HubException>(() => bob.InvokeAsync<ChatMessage>("Chat", "still here"));
        Assert.Contains("no longer in this class", chat.Message);
        await Task.Delay(300);
        Assert.Equal(0, alice.PendingChatMessages);
        var late = await JoinWithRetryAsync(await first.ConnectAsync(Room, await first.DevTokenAsync(Room, "carol", "viewer")));
        Assert.DoesNotContain(late.Participants, p => p.Id == "bob");
    }

    private static async Task<bool> RoomIsListedAsync(SignalingTestHost host)
    {
        using var rooms = JsonDocument.Parse(await host.Http.GetStringAsync("/api/cluster/rooms"));
        return rooms.RootElement.EnumerateArray().Any(r => r.GetProperty("room").GetString() == Room);
    }

    /// <summary>A fresh instance may not have read the registry yet: a join refused for want of nodes is tried again.</summary>
    private static async Task<JoinResult> JoinWithRetryAsync(RoomHubClient client)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return await client.JoinAsync(new JoinRequest { Room = Room });
            }
            catch (HubException ex) when (attempt < 20 && ex.Message.Contains("no SFU node"))
            {
                await Task.Delay(250);
            }
        }
    }

    private static async Task<bool> WaitUntilAsync(Func<Task<bool>> done)
    {
        var deadline = DateTime.UtcNow + SignalingTestHost.Timeout;
        while (!await done())
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(100);
        }
        return true;
    }
}
