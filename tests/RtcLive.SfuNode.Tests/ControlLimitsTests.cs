using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.Options;
using RtcLive.Sfu.Control;
using RtcLive.Sfu.Control.Http;

namespace RtcLive.SfuNode.Tests;

/// <summary>
/// The node's limits (<c>RtcLive:Sfu:Limits</c>) over its control API: a join over a cap is refused with 409 and a
/// <see cref="SfuControlProblem"/> naming the cap, which the typed client turns back into <see cref="SfuControlError.Full"/>;
/// limits that make no sense stop the node at start.
/// </summary>
public sealed class ControlLimitsTests
{
    [Fact]
    public async Task A_join_over_the_node_cap_is_refused_as_Full_with_the_cap_named()
    {
        await using var node = await SfuNodeTestHost.StartAsync(extra: new Dictionary<string, string?>
        {
            ["RtcLive:Sfu:Limits:MaxParticipantsPerRoom"] = "2",
            ["RtcLive:Sfu:Limits:MaxParticipantsPerNode"] = "2",
        });
        await using var control = await node.ConnectControlAsync();
        await control.JoinAsync("physics", "alice", "Alice", "presenter");
        await control.JoinAsync("chemistry", "bob", "Bob", "viewer");

        var refused = await Assert.ThrowsAsync<SfuControlException>(() => control.JoinAsync("biology", "carol", "Carol", "viewer"));
        Assert.Equal(SfuControlError.Full, refused.Error);
        Assert.Equal("this node is full (2 participants)", refused.Message);

        // On the wire: 409 and the problem document.
        using var request = new HttpRequestMessage(HttpMethod.Post, SfuControlPaths.Join)
        {
            Content = new StringContent("""{"room":"physics","participantId":"dave","name":"Dave","role":"viewer"}""", Encoding.UTF8, "application/json"),
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", SfuNodeTestHost.Token) },
        };
        using var response = await node.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<SfuControlProblem>(SfuControlJson.Options);
        Assert.Equal(new SfuControlProblem("Full", "this node is full (2 participants)"), problem);

        var status = await control.GetStatusAsync();
        Assert.Equal(2, status.Rooms); // the refused joins made no room
        string metrics = await node.Http.GetStringAsync("/metrics");
        Assert.Contains("rtclive_limit_refusals_total 2", metrics);
    }

    [Fact]
    public async Task A_node_with_a_limit_that_is_not_positive_refuses_to_start_and_says_which()
    {
        var app = Hosting.SfuNodeApp.Build([], SfuNodeTestHost.Settings("eu-1", "eu",
            new Dictionary<string, string?> { ["RtcLive:Sfu:Limits:MaxTracksPerNode"] = "0" }));
        await using (app)
        {
            var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync().WaitAsync(SfuNodeTestHost.Timeout));
            Assert.Contains("RtcLive:Sfu:Limits", refused.Message);
        }
    }
}
