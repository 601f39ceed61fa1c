using System.Net;
using System.Text;
using RtcLive.WebRtc.Ice;
using RtcLive.WebRtc.Stun;
using static RtcLive.WebRtc.Tests.Ice.IceTestChecks;

namespace RtcLive.WebRtc.Tests.Ice;

public class IceControllingAgentTests
{
    private readonly byte[] _buffer = new byte[IceControllingAgent.MinBufferLength];
    private readonly byte[] _response = new byte[IceControllingAgent.MinBufferLength];

    private static IceControllingAgent NewAgent(IceAgentOptions? options = null)
    {
        var agent = new IceControllingAgent(ClientCredentials, Server, options);
        agent.AddRemoteCandidate(ServerCandidate());
        return agent;
    }

    private byte[] Send(IceControllingAgent agent, long nowMs, IPEndPoint? expectedDestination = null)
    {
        var action = agent.NextAction(nowMs, _buffer);
        Assert.Equal(IceAgentActionKind.Send, action.Kind);
        Assert.Equal(expectedDestination ?? ServerEndPoint, action.Destination);
        return _buffer[..action.Length];
    }

    [Fact]
    public void ChecksCarryEverythingAnIceLiteServerNeeds()
    {
        var agent = NewAgent();
        Assert.Equal(IceAgentState.New, agent.State);
        byte[] check = Send(agent, 0);
        Assert.Equal(IceAgentState.Checking, agent.State);

        Assert.True(StunMessageReader.TryParse(check, out var message));
        Assert.Equal(StunMessageType.BindingRequest, message.MessageType);
        Assert.True(message.TryGetUsername(out var username));
        Assert.Equal("srvA:cli1", Encoding.ASCII.GetString(username)); // receiver first
        Assert.True(message.TryGetPriority(out uint priority));
        Assert.Equal(IceCandidatePriority.Compute(IceCandidateType.PeerReflexive, 65535, 1), priority);
        Assert.True(message.TryGetIceControlling(out ulong tieBreaker));
        Assert.Equal(agent.TieBreaker, tieBreaker);
        Assert.True(message.HasUseCandidate);
        Assert.True(message.VerifyMessageIntegrity(Server.PasswordBytes)); // signed with the receiver's password
        Assert.True(message.VerifyFingerprint());
        Assert.Equal(IceCandidatePairState.InProgress, agent.Pairs[0].State);
    }

    [Fact]
    public void RetransmitsTheSameTransactionWithBackoffThenGivesUp()
    {
        var agent = NewAgent();
        byte[] first = Send(agent, 0);
        var sendTimes = new List<long> { 0 };
        long now = 0;
        while (true)
        {
            var action = agent.NextAction(now, _buffer);
            if (action.Kind == IceAgentActionKind.Send)
            {
                sendTimes.Add(now);
                Assert.Equal(first.AsSpan(8, 12).ToArray(), _buffer.AsSpan(8, 12).ToArray()); // same transaction id
                continue;
            }
            if (action.WakeAtMs == IceAgentAction.Never) break;
            Assert.True(action.WakeAtMs > now);
            now = action.WakeAtMs;
        }

        Assert.Equal([0, 50, 150, 350, 550, 750], sendTimes.Take(6));
        for (int i = 4; i < sendTimes.Count; i++)
            Assert.Equal(200, sendTimes[i] - sendTimes[i - 1]);
        Assert.True(sendTimes[^1] < 10_000);
        Assert.Equal(10_000, now);
        Assert.Equal(IceAgentState.Failed, agent.State);
        Assert.Equal(IceCandidatePairState.Failed, agent.Pairs[0].State);
        Assert.False(agent.AddRemoteCandidate(ServerCandidate(address: "10.0.0.2")));
    }

    [Fact]
    public void AnAuthenticSymmetricAnswerSelectsThePair()
    {
        var agent = NewAgent();
        byte[] check = Send(agent, 0);
        var result = agent.HandleDatagram(Answer(check, ClientEndPoint), ServerEndPoint, _response, 30);

        Assert.Equal(IceAgentReceiveStatus.ResponseAccepted, result.Status);
        Assert.False(result.HasResponse);
        Assert.Equal(IceAgentState.Connected, agent.State);
        Assert.Same(agent.Pairs[0], agent.SelectedPair);
        Assert.Equal(ClientEndPoint, agent.SelectedPair!.MappedEndPoint);
        Assert.Equal(5_030, agent.NextAction(30, _buffer).WakeAtMs); // first consent check
    }

    [Fact]
    public void AnswersThatCannotBeTrustedAreIgnored()
    {
        var agent = NewAgent();
        byte[] check = Send(agent, 0);

        byte[] otherTransaction = Answer(check, ClientEndPoint);
        otherTransaction[19] ^= 1;
        Assert.Equal(IceAgentReceiveStatus.Ignored, agent.HandleDatagram(otherTransaction, ServerEndPoint, _response, 10).Status);

        byte[] wrongPassword = Answer(check, ClientEndPoint, password: "notthepassword0123456789");
        Assert.Equal(IceAgentReceiveStatus.Ignored, agent.HandleDatagram(wrongPassword, ServerEndPoint, _response, 10).Status);

        byte[] badFingerprint = Answer(check, ClientEndPoint);
        badFingerprint[^1] ^= 1;
        Assert.Equal(IceAgentReceiveStatus.Ignored, agent.HandleDatagram(badFingerprint, ServerEndPoint, _response, 10).Status);

        Assert.Equal(IceAgentReceiveStatus.Ignored, agent.HandleDatagram([0x80, 0x60, 0, 1], ServerEndPoint, _response, 10).Status);
        Assert.Equal(IceAgentState.Checking, agent.State);
        Assert.Equal(IceCandidatePairState.InProgress, agent.Pairs[0].State);

        // The genuine answer still works afterwards.
        agent.HandleDatagram(Answer(check, ClientEndPoint), ServerEndPoint, _response, 20);
        Assert.Equal(IceAgentState.Connected, agent.State);
    }

    [Fact]
    public void AnAnswerFromAnotherAddressFailsThePair()
    {
        var agent = NewAgent();
        byte[] check = Send(agent, 0);
        var elsewhere = new IPEndPoint(IPAddress.Parse("10.0.0.1"), 3479);
        Assert.Equal(IceAgentReceiveStatus.ResponseAccepted, agent.HandleDatagram(Answer(check, ClientEndPoint), elsewhere, _response, 10).Status);
        Assert.Equal(IceCandidatePairState.Failed, agent.Pairs[0].State);
        Assert.Null(agent.SelectedPair);
    }

    [Fact]
    public void AnAnswerFromTheSameAddressSeenThroughADualModeSocketCounts()
    {
        var agent = NewAgent();
        byte[] check = Send(agent, 0);
        var mapped = new IPEndPoint(IPAddress.Parse("::ffff:10.0.0.1"), 3478);
        agent.HandleDatagram(Answer(check, ClientEndPoint), mapped, _response, 10);
        Assert.Equal(IceAgentState.Connected, agent.State);
    }

    [Fact]
    public void AnAuthenticErrorAnswerFailsThePair()
    {
        var agent = NewAgent();
        byte[] check = Send(agent, 0);
        agent.HandleDatagram(Answer(check, ClientEndPoint, errorCode: 487), ServerEndPoint, _response, 10);
        Assert.Equal(IceCandidatePairState.Failed, agent.Pairs[0].State);
        Assert.Equal(487, agent.Pairs[0].ErrorCode);
        Assert.Equal(IceAgentState.Checking, agent.State); // until the overall timeout
        Assert.Equal(10_000, agent.NextAction(10, _buffer).WakeAtMs);
        agent.NextAction(10_000, _buffer);
        Assert.Equal(IceAgentState.Failed, agent.State);
    }

    [Fact]
    public void ConsentChecksUseNewTransactionsWithoutNominationAndRetransmit()
    {
        var agent = NewAgent();
        agent.HandleDatagram(Answer(Send(agent, 0), ClientEndPoint), ServerEndPoint, _response, 0);

        Assert.Equal(5_000, agent.NextAction(1, _buffer).WakeAtMs);
        byte[] consent = Send(agent, 5_000);
        Assert.True(StunMessageReader.TryParse(consent, out var message));
        Assert.False(message.HasUseCandidate);
        Assert.True(message.TryGetIceControlling(out _));
        Assert.True(message.VerifyMessageIntegrity(Server.PasswordBytes));

        byte[] retransmission = Send(agent, 5_050);
        Assert.Equal(consent, retransmission);
        agent.HandleDatagram(Answer(consent, ClientEndPoint), ServerEndPoint, _response, 5_060);
        Assert.Equal(10_000, agent.NextAction(5_060, _buffer).WakeAtMs);

        byte[] next = Send(agent, 10_000);
        Assert.NotEqual(consent.AsSpan(8, 12).ToArray(), next.AsSpan(8, 12).ToArray());
    }

    [Fact]
    public void SkipsCandidatesItCannotReach()
    {
        var agent = new IceControllingAgent(ClientCredentials, Server);
        Assert.False(agent.AddRemoteCandidate(IceCandidate.Parse("candidate:2 1 tcp 1518280447 10.0.0.1 9 typ host tcptype active")));
        Assert.False(agent.AddRemoteCandidate(IceCandidate.Parse("candidate:3 1 udp 2122260223 c2a4f5e1-6b1d-4c3e-9f0a-7d2e8b5c4a13.local 54400 typ host")));
        Assert.False(agent.AddRemoteCandidate(IceCandidate.Parse("candidate:1 2 udp 2130706430 10.0.0.1 3479 typ host")));
        Assert.True(agent.AddRemoteCandidate(ServerCandidate()));
        Assert.False(agent.AddRemoteCandidate(ServerCandidate())); // duplicate
        Assert.Single(agent.Pairs);
    }

    [Fact]
    public void WaitsForTrickledCandidatesUntilTheTimeout()
    {
        var agent = new IceControllingAgent(ClientCredentials, Server);
        Assert.Equal(10_000, agent.NextAction(0, _buffer).WakeAtMs);
        Assert.True(agent.AddRemoteCandidate(ServerCandidate()));
        byte[] check = Send(agent, 9_000);
        // A pair gets its full check time even when it arrives late.
        Assert.Equal(IceAgentActionKind.Send, agent.NextAction(10_000, _buffer).Kind);
        Assert.Equal(IceAgentState.Checking, agent.State);
        agent.HandleDatagram(Answer(check, ClientEndPoint), ServerEndPoint, _response, 10_010);
        Assert.Equal(IceAgentState.Connected, agent.State);

        var empty = new IceControllingAgent(ClientCredentials, Server);
        empty.NextAction(0, _buffer);
        Assert.Equal(IceAgentAction.Never, empty.NextAction(10_000, _buffer).WakeAtMs);
        Assert.Equal(IceAgentState.Failed, empty.State);
    }

    [Fact]
    public void AnswersAuthenticChecksFromThePeer()
    {
        var agent = NewAgent();
        // The peer checks us: USERNAME is ours first, signed with our password.
        byte[] request = Check(username: "cli1:srvA", password: ClientCredentials.Password, controlled: true);
        var result = agent.HandleDatagram(request, ServerEndPoint, _response, 0);

        Assert.Equal(IceAgentReceiveStatus.RequestAnswered, result.Status);
        Assert.True(StunMessageReader.TryParse(_response.AsSpan(0, result.ResponseLength), out var answer));
        Assert.Equal(StunMessageType.BindingSuccessResponse, answer.MessageType);
        Assert.Equal(request.AsSpan(8, 12).ToArray(), answer.TransactionId.ToArray());
        Assert.True(answer.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(ServerEndPoint, mapped);
        Assert.True(answer.VerifyMessageIntegrity(ClientCredentials.PasswordBytes));
        Assert.True(answer.VerifyFingerprint());
    }

    [Fact]
    public void RefusesChecksWithWrongCredentialsOrTheSameRole()
    {
        var agent = NewAgent();
        AssertError(agent.HandleDatagram(Check(username: "cli1:srvA", password: "wrongpassword0123456789x", controlled: true), ServerEndPoint, _response, 0), 401);
        AssertError(agent.HandleDatagram(Check(username: "srvA:cli1", password: ClientCredentials.Password, controlled: true), ServerEndPoint, _response, 0), 401);
        AssertError(agent.HandleDatagram(Check(username: "", password: ClientCredentials.Password, controlled: true), ServerEndPoint, _response, 0), 400);
        AssertError(agent.HandleDatagram(Check(username: "cli1:srvA", password: ClientCredentials.Password, controlled: true, extraAttribute: 0x0042), ServerEndPoint, _response, 0), 420);
        AssertError(agent.HandleDatagram(Check(username: "cli1:srvA", password: ClientCredentials.Password, controlled: false), ServerEndPoint, _response, 0), 487);
    }

    private void AssertError(IceAgentReceiveResult result, int expectedCode)
    {
        Assert.Equal(IceAgentReceiveStatus.RequestRejected, result.Status);
        Assert.True(StunMessageReader.TryParse(_response.AsSpan(0, result.ResponseLength), out var answer));
        Assert.True(answer.TryGetErrorCode(out int code, out _));
        Assert.Equal(expectedCode, code);
        Assert.Equal(expectedCode is 420 or 487, answer.VerifyMessageIntegrity(ClientCredentials.PasswordBytes));
    }

    [Fact]
    public void RejectsBadOptionsAndSmallBuffers()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new IceControllingAgent(ClientCredentials, Server, new IceAgentOptions { InitialRtoMs = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IceControllingAgent(ClientCredentials, Server, new IceAgentOptions { MaxRtoMs = 10 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IceControllingAgent(ClientCredentials, Server, new IceAgentOptions { ConsentTimeoutMs = 1_000 }));
        var agent = NewAgent();
        Assert.Throws<ArgumentException>(() => agent.NextAction(0, new byte[100]));
        Assert.Throws<ArgumentException>(() => agent.HandleDatagram(Check(), ServerEndPoint, new byte[100], 0));
    }
}
