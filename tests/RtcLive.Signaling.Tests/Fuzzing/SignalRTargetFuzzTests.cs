using RtcLive.Fuzz.Targets;
using RtcLive.WebRtc.Tests.Fuzzing;
using Xunit.Abstractions;

namespace RtcLive.Signaling.Tests.Fuzzing;

/// <summary>
/// The <c>signalr</c> target of <c>./fuzz.sh</c> as a bounded test: hub messages through SignalR's JSON protocol bound
/// to RoomHub's parameter types, then the hub's checks on names, roles, tokens, SDP and chat text.
/// </summary>
public class SignalRTargetFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void Hub_messages_and_argument_checks_survive_mutated_seeds() =>
        FuzzRunner.Run(output, "fuzz target signalr (hub messages, tokens, names)", new Mutator(0x516, CorpusSeeds.Of("signalr")),
            bytes => SignalRTarget.Run(bytes), 20_000);

    /// <summary>The seed's token is valid at the target's fixed clock, so the fuzzer starts past the signature check.</summary>
    [Fact]
    public void Seed_token_passes_the_target_token_service()
    {
        string seed = System.Text.Encoding.UTF8.GetString(CorpusSeeds.Of("signalr")[0]);
        int start = seed.IndexOf("\"token\":\"", StringComparison.Ordinal) + 9;
        string token = seed[start..seed.IndexOf('"', start)];
        Assert.True(SignalRTarget.AcceptsToken(token, "physics"));
        Assert.False(SignalRTarget.AcceptsToken(token, "chemistry"));
        Assert.False(SignalRTarget.AcceptsToken(token[..^2] + "AA", "physics"));
    }
}
