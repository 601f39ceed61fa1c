using RtcLive.Fuzz;
using RtcLive.Fuzz.Targets;
using Xunit.Abstractions;

namespace RtcLive.WebRtc.Tests.Fuzzing;

/// <summary>
/// The coverage-guided fuzz targets of <c>./fuzz.sh</c> (tests/RtcLive.Fuzz/Targets, compiled in here too), each run
/// over a fixed number of random and mutated-seed inputs: no exception other than a parser's documented refusal
/// (which each target catches itself), and every round-trip property the target checks holds.
/// </summary>
public class CoverageTargetFuzzTests(ITestOutputHelper output)
{
    public static TheoryData<string> Targets => ["stun", "rtp", "rtp-ext", "rtcp", "rtcp-fb", "dtls", "h264"];

    [Theory]
    [MemberData(nameof(Targets))]
    public void Target_survives_mutated_seeds(string target)
    {
        FuzzAction run = target switch
        {
            "stun" => StunTarget.Run,
            "rtp" => RtpTarget.Run,
            "rtp-ext" => RtpExtensionTarget.Run,
            "rtcp" => RtcpTarget.Run,
            "rtcp-fb" => RtcpFeedbackTarget.Run,
            "dtls" => DtlsRecordTarget.Run,
            "h264" => H264Target.Run,
            _ => throw new ArgumentOutOfRangeException(nameof(target)),
        };
        FuzzRunner.Run(output, $"fuzz target {target}", new Mutator(StableSeed(target), CorpusSeeds.Of(target)),
            bytes => run(bytes));
    }

    /// <summary>string.GetHashCode differs per process; failures must reproduce.</summary>
    private static int StableSeed(string target)
    {
        int seed = 0x5EED;
        foreach (char c in target) seed = seed * 31 + c;
        return seed;
    }

    [Fact]
    public void SDP_target_survives_mutated_seeds() =>
        FuzzRunner.Run(output, "fuzz target sdp", new Mutator(0x5D9, CorpusSeeds.Of("sdp")), bytes => SdpTarget.Run(bytes), 20_000);
}
