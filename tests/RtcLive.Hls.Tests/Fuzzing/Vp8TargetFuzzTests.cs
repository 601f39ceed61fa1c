using RtcLive.Fuzz.Targets;
using RtcLive.WebRtc.Tests.Fuzzing;
using Xunit.Abstractions;

namespace RtcLive.Hls.Tests.Fuzzing;

/// <summary>
/// The <c>vp8</c> target of <c>./fuzz.sh</c> as a bounded test: the VP8 descriptor, the forwarder's in-place rewrites
/// and the HLS depacketizer over runs of mutated packets, from the same seed corpus.
/// </summary>
public class Vp8TargetFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void VP8_descriptor_rewrites_and_depacketizer_survive_mutated_seeds() =>
        FuzzRunner.Run(output, "fuzz target vp8 (descriptor, rewrites, HLS depacketizer)", new Mutator(7741_0, CorpusSeeds.Of("vp8")),
            bytes => Vp8Target.Run(bytes), 50_000);
}
