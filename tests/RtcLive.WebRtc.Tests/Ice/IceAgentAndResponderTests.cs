using System.Net;
using RtcLive.WebRtc.Ice;
using static RtcLive.WebRtc.Tests.Ice.IceTestChecks;

namespace RtcLive.WebRtc.Tests.Ice;

/// <summary>The client's controlling agent against the server's ICE-lite responder, in memory.</summary>
public class IceAgentAndResponderTests
{
    private static IceLoopback Connect(IceCredentials? serverAsSeenByClient = null, IceAgentOptions? options = null)
    {
        var agent = new IceControllingAgent(ClientCredentials, serverAsSeenByClient ?? Server, options);
        agent.AddRemoteCandidate(ServerCandidate());
        var responder = new IceLiteResponder(Server, ClientCredentials.Ufrag);
        return new IceLoopback(agent, responder, ClientEndPoint, ServerEndPoint);
    }

    [Fact]
    public void TheAgentsFirstCheckSelectsThePairOnBothSides()
    {
        var net = Connect();
        long wake = net.Pump(0);

        Assert.Equal(IceAgentState.Connected, net.Agent.State);
        Assert.Single(net.SendTimes);
        Assert.Equal(IceCheckStatus.Success, net.ServerResults[0].Status);
        Assert.True(net.ServerResults[0].Nominated);
        Assert.Equal(ServerEndPoint, net.Agent.SelectedPair!.RemoteEndPoint);
        Assert.Equal(IceCandidatePairState.Succeeded, net.Agent.SelectedPair.State);
        Assert.Equal(ClientEndPoint, net.Agent.SelectedPair.MappedEndPoint);
        Assert.Equal(ClientEndPoint, net.Responder.SelectedEndPoint);
        Assert.Equal(5_000, wake); // next: the first consent check
    }

    [Fact]
    public void AWrongPasswordIsRejectedAndTheAgentGivesUp()
    {
        var net = Connect(serverAsSeenByClient: new IceCredentials(Server.Ufrag, "notthepassword0123456789"));
        net.RunUntil(0, 20_000);

        Assert.Equal(IceAgentState.Failed, net.Agent.State);
        Assert.Null(net.Agent.SelectedPair);
        Assert.Null(net.Responder.SelectedEndPoint);
        Assert.All(net.ServerResults, r => Assert.Equal(IceCheckStatus.Unauthorized, r.Status));
        Assert.True(net.ServerResults.Count > 40, $"the agent kept retrying: {net.ServerResults.Count}");
        Assert.True(net.SendTimes[^1] < 10_000);
        Assert.Equal(IceCandidatePairState.Failed, net.Agent.Pairs[0].State);
    }

    [Fact]
    public void ConsentChecksKeepBothSidesAliveAndLapseWhenTheServerGoesAway()
    {
        var net = Connect();
        net.RunUntil(0, 60_000);

        Assert.Equal(IceAgentState.Connected, net.Agent.State);
        Assert.Equal([0, 5_000, 10_000, 15_000, 20_000, 25_000, 30_000, 35_000, 40_000, 45_000, 50_000, 55_000, 60_000], net.SendTimes);
        Assert.All(net.ServerResults, r => Assert.Equal(IceCheckStatus.Success, r.Status));
        Assert.All(net.ServerResults.Where((_, i) => i >= 1), r => Assert.False(r.Nominated)); // consent checks do not nominate
        Assert.False(net.Responder.IsConsentExpired(60_000));
        Assert.False(net.Agent.IsConsentExpired(60_000));

        net.ServerReachable = false;
        net.RunUntil(60_001, 120_000);

        Assert.Equal(IceAgentState.ConsentExpired, net.Agent.State);
        Assert.True(net.Responder.IsConsentExpired(90_000));
        Assert.False(net.Responder.IsConsentExpired(89_999));
        long lastSend = net.SendTimes[^1];
        Assert.True(lastSend < 90_000, $"the agent must stop sending once consent is gone (last send {lastSend})");
        Assert.Equal(IceAgentActionKind.Wait, net.Agent.NextAction(200_000, new byte[IceControllingAgent.MinBufferLength]).Kind);
    }

    [Fact]
    public void AnIceRestartOnTheServerKeepsTheOldPairUntilTheClientRestartsToo()
    {
        var net = Connect();
        net.RunUntil(0, 6_000);

        // New offer/answer: the server takes fresh credentials, the old client agent keeps sending consent checks.
        var newServer = new IceCredentials("srvN", "newserverpassword0123456");
        var newClient = new IceCredentials("cliN", "newclientpassword0123456");
        net.Responder.Restart(newServer, newClient.Ufrag);
        net.RunUntil(6_001, 11_000);
        Assert.Equal(IceCheckStatus.Success, net.ServerResults[^1].Status);
        Assert.Equal(ClientEndPoint, net.Responder.SelectedEndPoint);

        // The client restarts with the new credentials: a new agent checks and nominates again.
        var restartedAgent = new IceControllingAgent(newClient, newServer);
        restartedAgent.AddRemoteCandidate(ServerCandidate());
        var restarted = new IceLoopback(restartedAgent, net.Responder, ClientEndPoint, ServerEndPoint);
        restarted.Pump(12_000);
        Assert.Equal(IceAgentState.Connected, restartedAgent.State);
        Assert.Equal(ClientEndPoint, net.Responder.SelectedEndPoint);

        // The old credentials are now refused, and the old agent loses consent.
        net.RunUntil(12_001, 50_000);
        Assert.Equal(IceCheckStatus.Unauthorized, net.ServerResults[^1].Status);
        Assert.Equal(IceAgentState.ConsentExpired, net.Agent.State);
    }

    [Fact]
    public void ServersAcrossAddressesAreTriedInPriorityOrderAndTheReachableOneWins()
    {
        var agent = new IceControllingAgent(ClientCredentials, Server);
        var unreachable = new IPEndPoint(IPAddress.Parse("10.9.9.9"), 3478);
        Assert.True(agent.AddRemoteCandidate(ServerCandidate(address: "10.9.9.9", priority: 2130706431)));
        Assert.True(agent.AddRemoteCandidate(ServerCandidate(type: IceCandidateType.ServerReflexive, priority: 1677721855)));
        var net = new IceLoopback(agent, new IceLiteResponder(Server, ClientCredentials.Ufrag), ClientEndPoint, ServerEndPoint);

        net.Pump(0);

        Assert.Equal(unreachable, agent.Pairs[0].RemoteEndPoint);
        Assert.Equal(IceCandidatePairState.Cancelled, agent.Pairs[0].State);
        Assert.Equal(ServerEndPoint, agent.SelectedPair!.RemoteEndPoint);
        Assert.Equal(2, net.SendTimes.Count);
    }
}
