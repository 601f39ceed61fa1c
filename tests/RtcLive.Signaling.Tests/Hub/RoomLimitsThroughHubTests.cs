using Microsoft.AspNetCore.SignalR;
using RtcLive.Signaling.Hubs.Contracts;

namespace RtcLive.Signaling.Tests.Hubs;

/// <summary>The embedded node's limits (<c>RtcLive:Sfu:Limits</c>) reach the browser through the hub as an error naming the cap.</summary>
public sealed class RoomLimitsThroughHubTests
{
    [Fact]
    public async Task A_join_into_a_full_room_gets_a_hub_error_naming_the_cap_and_others_still_join_elsewhere()
    {
        await using var host = await SignalingTestHost.StartAsync(extra: new Dictionary<string, string?>
        {
            ["RtcLive:Sfu:Limits:MaxParticipantsPerRoom"] = "2",
        });
        var alice = await host.ConnectAsync("small", await host.DevTokenAsync("small", "alice", "presenter"));
        var bob = await host.ConnectAsync("small", await host.DevTokenAsync("small", "bob", "viewer"));
        var carol = await host.ConnectAsync("small", await host.DevTokenAsync("small", "carol", "viewer"));
        await alice.JoinAsync(new JoinRequest { Room = "small" });
        await bob.JoinAsync(new JoinRequest { Room = "small" });

        var refused = await Assert.ThrowsAsync<HubException>(() => carol.JoinAsync(new JoinRequest { Room = "small" }));
        Assert.Contains("room small is full (2 participants)", refused.Message);

        var dave = await host.ConnectAsync("other", await host.DevTokenAsync("other", "dave", "viewer"));
        var joined = await dave.JoinAsync(new JoinRequest { Room = "other" });
        Assert.NotNull(joined);
    }
}
