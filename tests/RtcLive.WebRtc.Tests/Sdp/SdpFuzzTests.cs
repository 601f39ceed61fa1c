using System.Text;
using RtcLive.WebRtc.Sdp;
using RtcLive.WebRtc.Tests.Fuzzing;
using Xunit.Abstractions;

namespace RtcLive.WebRtc.Tests.Sdp;

public class SdpFuzzTests(ITestOutputHelper output)
{
    private static readonly AnswerOptions Sfu = new()
    {
        IceCredentials = new SdpIceCredentials("fuzz", "fuzz-password-0123456789"),
        Fingerprint = new SdpFingerprint("sha-256", "00:11"),
        Candidates = ["1 1 udp 2130706431 127.0.0.1 40000 typ host"],
        AudioCodecs = [CodecCapability.Opus, CodecCapability.AudioRed, new CodecCapability("PCMU", 8000)],
        VideoCodecs = [CodecCapability.Vp8, CodecCapability.H264ConstrainedBaseline, CodecCapability.Vp9Profile0, new CodecCapability("red", 90000, withRtx: true)],
        SessionId = "1",
    };

    private static Mutator Seeds(int seed) =>
        new(seed, SdpSamples.All.Select(Encoding.UTF8.GetBytes).ToArray());

    /// <summary>Bytes read as UTF-8 (invalid sequences become U+FFFD); only SdpParseException may come out.</summary>
    [Fact]
    public void Parser_rejects_mutated_descriptions_only_with_SdpParseException()
    {
        FuzzRunner.Run(output, "SDP parser", Seeds(8866),
            bytes => SdpParser.Parse(Encoding.UTF8.GetString(bytes)),
            FuzzRunner.DefaultIterations, typeof(SdpParseException));
    }

    /// <summary>
    /// Whatever parses must also write back to text that parses to the same text again (a fixed point), and must
    /// be answerable or refused with SdpNegotiationException; the answer must be well-formed SDP itself.
    /// </summary>
    [Fact]
    public void Parsed_descriptions_write_back_stably_and_answer_without_crashing()
    {
        FuzzRunner.Run(output, "SDP write/answer", Seeds(9429), bytes =>
            {
                var offer = SdpParser.Parse(Encoding.UTF8.GetString(bytes));
                string written = offer.ToString();
                string rewritten = SdpParser.Parse(written).ToString();
                if (rewritten != written)
                    throw new InvalidOperationException($"writing is not stable:\n{written}\n---\n{rewritten}");

                var answer = SdpAnswerBuilder.Build(offer, Sfu);
                SdpParser.Parse(answer.ToString());
            },
            FuzzRunner.DefaultIterations, typeof(SdpParseException), typeof(SdpNegotiationException));
    }
}
