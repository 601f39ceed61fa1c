using System.Text;
using RtcLive.WebRtc.Ice;
using RtcLive.WebRtc.Tests.Fuzzing;
using Xunit.Abstractions;
using static RtcLive.WebRtc.Tests.Ice.IceTestChecks;

namespace RtcLive.WebRtc.Tests.Ice;

public class IceFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void CandidateParserSurvivesMutatedLines()
    {
        string[] lines =
        [
            "candidate:1467250027 1 udp 2122260223 192.168.1.2 46243 typ host generation 0 ufrag abcd network-id 1",
            "candidate:2 1 tcp 1518280447 10.0.0.1 9 typ host tcptype active",
            "candidate:842163049 1 udp 1677729535 203.0.113.7 61934 typ srflx raddr 192.168.1.2 rport 46243 generation 0",
            "candidate:3442447574 1 udp 2122260223 c2a4f5e1-6b1d-4c3e-9f0a-7d2e8b5c4a13.local 54400 typ host",
            "a=candidate:0 1 UDP 2122252543 2001:db8::1 55555 typ host",
        ];
        var mutator = new Mutator(8839, [.. lines.Select(Encoding.UTF8.GetBytes)]);
        int parsed = 0;
        FuzzRunner.Run(output, "ICE candidate parser", mutator, bytes =>
        {
            if (!IceCandidate.TryParse(Encoding.Latin1.GetString(bytes), out var candidate)) return;
            parsed++;
            // Whatever parses must format to something that parses to the same thing.
            string formatted = candidate.ToString();
            Assert.True(IceCandidate.TryParse(formatted, out var again));
            Assert.Equal(formatted, again.ToString());
            candidate.TryGetEndPoint(out _);
        });
        output.WriteLine($"{parsed} inputs parsed as candidates");
        Assert.True(parsed > 1000);
    }

    [Fact]
    public void ResponderSurvivesMutatedChecks()
    {
        var responder = new IceLiteResponder(Server, ClientCredentials.Ufrag);
        var response = new byte[IceLiteResponder.MinResponseBufferLength];
        // Seeds without FINGERPRINT let mutations get past it into authentication and role handling.
        var mutator = new Mutator(8445, Check(), Check(useCandidate: false), Check(controlled: true),
            Check(extraAttribute: 0x0042), Check(password: null),
            Check(fingerprint: false), Check(controlled: true, fingerprint: false), Check(extraAttribute: 0x0042, fingerprint: false));
        var statuses = new int[Enum.GetValues<IceCheckStatus>().Length];
        int answered = 0;
        long now = 0;
        FuzzRunner.Run(output, "ICE-lite responder", mutator, bytes =>
        {
            var result = responder.Handle(bytes, ClientEndPoint, response, now++);
            statuses[(int)result.Status]++;
            if (result.HasResponse) answered++;
        });
        output.WriteLine($"{answered} inputs answered; by status: " +
            string.Join(", ", Enum.GetValues<IceCheckStatus>().Select(s => $"{s} {statuses[(int)s]}")));
        // Every kind of answer must have been reached, or the fuzzing is not exercising the responder.
        Assert.All(Enum.GetValues<IceCheckStatus>(), s => Assert.True(statuses[(int)s] > 0, $"{s} never reached"));
    }

    [Fact]
    public void AgentSurvivesMutatedDatagrams()
    {
        var agent = new IceControllingAgent(ClientCredentials, Server);
        agent.AddRemoteCandidate(ServerCandidate());
        var buffer = new byte[IceControllingAgent.MinBufferLength];
        var response = new byte[IceControllingAgent.MinBufferLength];
        var firstCheck = agent.NextAction(0, buffer);
        byte[] answer = Answer(buffer.AsSpan(0, firstCheck.Length), ClientEndPoint);
        var mutator = new Mutator(7675, answer, Check(username: "cli1:srvA", password: ClientCredentials.Password, controlled: true));
        long now = 1;
        FuzzRunner.Run(output, "ICE controlling agent", mutator, bytes =>
        {
            agent.HandleDatagram(bytes, ServerEndPoint, response, now);
            agent.NextAction(now, buffer);
            now += 3;
        });
    }
}
