using RtcLive.Fuzz.Targets;
using RtcLive.WebRtc.Tests.Fuzzing;
using Xunit.Abstractions;

namespace RtcLive.Hls.Tests.Fuzzing;

/// <summary>
/// The <c>h264-hls</c> target of <c>./fuzz.sh</c> as a bounded test: the H.264 depacketizer, SPS reader and avcC
/// record over runs of mutated packets, from the same seed corpus.
/// </summary>
public class H264DepacketizerTargetFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void H264_depacketizer_sps_reader_and_avcc_survive_mutated_seeds() =>
        FuzzRunner.Run(output, "fuzz target h264-hls (depacketizer, SPS, avcC)", new Mutator(6184_0, CorpusSeeds.Of("h264-hls")),
            bytes => H264DepacketizerTarget.Run(bytes), 50_000);
}
