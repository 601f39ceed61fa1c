using Microsoft.AspNetCore.SignalR.Client;

using RtcLive.Signaling.Hubs.Contracts;

namespace RtcLive.Signaling.Tests.Hubs;

/// <summary>
/// Connection and join floods at the hub over real HTTP and WebSockets: an address holding its share of open connections
/// is refused more with 429 and a sentence saying why, others are not affected, a closed connection frees its place, and
/// the refusals are counted by reason.
/// </summary>
public sealed class HubConnectionFloodTests
{
    private const string Room = "flood-room";

    [Fact]
    public async Task An_address_holding_its_share_of_open_connections_is_refused_more_until_one_closes()
    {
        await using var host = await SignalingTestHost.StartAsync(extra: new Dictionary<string, string?>
        {
            ["RtcLive:Hub:MaxConnectionsPerAddress"] = "3",
        });
        string token = await host.DevTokenAsync(Room, "alice", "viewer");
        var open = new List<RoomHubClient>();
        for (int i = 0; i < 3; i++) open.Add(await host.ConnectAsync(Room, token));
        double before = RefusedTotal(await host.Http.GetStringAsync("/metrics"), "hub_connections");

        // A flood of further connections from the same address: every one refused, none admitted.
        int refused = 0;
        for (int i = 0; i < 20; i++)
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(() => host.ConnectAsync(Room, token));
            Assert.Contains("429", error.ToString());
            refused++;
        }
        Assert.Equal(20, refused);

        // The refusal explains itself to a plain HTTP client too.
        using var plain = await host.Http.GetAsync($"/hubs/room?room={Room}&access_token={token}");
        Assert.Equal(429, (int)plain.StatusCode);
        Assert.Equal("too many open hub connections from your address: at most 3; close one and try again\n",
            await plain.Content.ReadAsStringAsync());

        // The connections already open still work.
        foreach (var client in open) Assert.Equal(HubConnectionState.Connected, client.Connection.State);
        await open[0].JoinAsync(new JoinRequest { Room = Room });

        double after = RefusedTotal(await host.Http.GetStringAsync("/metrics"), "hub_connections");
        Assert.Equal(21, after - before);

        // One closes: its place is free again.
        await open[1].Connection.StopAsync();
        var again = await host.ConnectAsync(Room, token);
        Assert.Equal(HubConnectionState.Connected, again.Connection.State);
    }

    [Fact]
    public async Task A_join_flood_from_one_address_is_cut_at_the_join_rate_and_counted()
    {
        await using var host = await SignalingTestHost.StartAsync(extra: new Dictionary<string, string?>
        {
            ["RtcLive:RateLimits:JoinPermits"] = "10",
            ["RtcLive:RateLimits:JoinWindow"] = "00:01:00",
        });
        string token = await host.DevTokenAsync(Room, "bob", "viewer");
        double before = RefusedTotal(await host.Http.GetStringAsync("/metrics"), "join_rate");

        // Negotiate and connect each count as a join: five connections spend the window's ten permits.
        int connected = 0, refused = 0;
        for (int i = 0; i < 30; i++)
        {
            try
            {
                await host.ConnectAsync(Room, token);
                connected++;
            }
            catch (Exception ex) when (ex.ToString().Contains("429"))
            {
                refused++;
            }
        }

        Assert.Equal(5, connected);
        Assert.Equal(25, refused);
        using var plain = await host.Http.PostAsync($"/hubs/room/negotiate?room={Room}&negotiateVersion=1&access_token={token}", null);
        Assert.Equal(429, (int)plain.StatusCode);
        Assert.StartsWith("too many joins from your address: at most 10 per 60 s", await plain.Content.ReadAsStringAsync());
        double after = RefusedTotal(await host.Http.GetStringAsync("/metrics"), "join_rate");
        Assert.True(after - before >= 26, $"join_rate refusals counted: {after - before}");
    }

    private static double RefusedTotal(string metrics, string reason)
    {
        string prefix = $"rtclive_requests_refused_total{{reason=\"{reason}\"}} ";
        foreach (string line in metrics.Split('\n'))
            if (line.StartsWith(prefix, StringComparison.Ordinal))
                return double.Parse(line[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture);
        return 0;
    }
}
