using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using RtcLive.Signaling.Hubs.Contracts;
using RtcLive.Signaling.Tests.Hubs;

namespace RtcLive.Signaling.Tests.Cluster;

/// <summary><c>GET /api/cluster</c> in embedded mode: one node, <c>local</c>, with its live load.</summary>
public sealed class ClusterApiTests
{
    [Fact]
    public async Task Embedded_mode_lists_one_local_sfu_node_with_its_participants()
    {
        await using var host = await SignalingTestHost.StartAsync();
        var client = await host.ConnectAsync("algebra", await host.DevTokenAsync("algebra", "ada", "viewer"));
        await client.JoinAsync(new JoinRequest { Room = "algebra" });

        // The node writes its record just after a change, and the view reads the registry: give it a moment.
        JsonDocument document = JsonDocument.Parse(await host.Http.GetStringAsync("/api/cluster"));
        for (int i = 0; i < 40 && document.RootElement.GetProperty("nodes")[0].GetProperty("participants").GetInt32() == 0; i++)
        {
            await Task.Delay(50);
            document.Dispose();
            document = JsonDocument.Parse(await host.Http.GetStringAsync("/api/cluster"));
        }
        using var disposing = document;
        var node = Assert.Single(document.RootElement.GetProperty("nodes").EnumerateArray());
        Assert.Equal("local", node.GetProperty("id").GetString());
        Assert.Equal("sfu", node.GetProperty("kind").GetString());
        Assert.Equal("active", node.GetProperty("state").GetString());
        Assert.Equal(Environment.ProcessId, node.GetProperty("pid").GetInt32());
        Assert.Equal(1, node.GetProperty("participants").GetInt32());
        Assert.True(node.GetProperty("load").GetProperty("cpu").GetDouble() >= 0);
        Assert.Empty(document.RootElement.GetProperty("links").EnumerateArray());
    }

    [Fact]
    public async Task The_embedded_node_takes_joins_up_to_its_own_participant_cap()
    {
        // The one node has nowhere else to send joins: a placement capacity under its hard cap (it was 500) refused
        // the 501st participant of a class the node holds with "no SFU node can take you now".
        await using var host = await SignalingTestHost.StartAsync(devTokens: true,
            new Dictionary<string, string?> { ["RtcLive:Sfu:Limits:MaxParticipantsPerNode"] = "1200" });

        using var document = JsonDocument.Parse(await host.Http.GetStringAsync("/api/cluster"));
        var node = Assert.Single(document.RootElement.GetProperty("nodes").EnumerateArray());
        Assert.Equal(1200, node.GetProperty("capacity").GetInt32());
    }

    [Fact]
    public async Task Without_dev_tokens_the_cluster_view_needs_the_admin_token()
    {
        const string admin = "admin-secret-for-the-cluster-view";
        await using var host = await SignalingTestHost.StartAsync(devTokens: false,
            new Dictionary<string, string?> { ["RtcLive:Auth:AdminToken"] = admin });

        using (var anonymous = await host.Http.GetAsync("/api/cluster"))
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/cluster");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-admin-token");
        using (var response = await host.Http.SendAsync(wrong))
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var right = new HttpRequestMessage(HttpMethod.Get, "/api/cluster");
        right.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
        using (var response = await host.Http.SendAsync(right))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
