using System.Text;
using RtcLive.WebRtc.Sdp;

namespace RtcLive.Fuzz.Targets;

/// <summary>
/// An offer as the hub, WHIP or WHEP receive it: parsed (SdpParseException is its documented refusal), written back
/// (the written text must parse to itself: a fixed point), and answered as the SFU answers (SdpNegotiationException is
/// the answer builder's refusal); the answer must be SDP we can parse.
/// </summary>
public static class SdpTarget
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

    public static void Run(ReadOnlySpan<byte> input)
    {
        SessionDescription offer;
        try
        {
            offer = SdpParser.Parse(Encoding.UTF8.GetString(input));
        }
        catch (SdpParseException)
        {
            return;
        }

        string written = offer.ToString();
        SessionDescription reread;
        try
        {
            reread = SdpParser.Parse(written);
        }
        catch (SdpParseException ex)
        {
            throw new PropertyViolationException($"what the writer wrote does not parse ({ex.Message}):\n{written}");
        }
        string rewritten = reread.ToString();
        if (rewritten != written)
            throw new PropertyViolationException($"writing is not stable:\n{written}\n---\n{rewritten}");

        SessionDescription answer;
        try
        {
            answer = SdpAnswerBuilder.Build(offer, Sfu);
        }
        catch (SdpNegotiationException)
        {
            return;
        }
        try
        {
            SdpParser.Parse(answer.ToString());
        }
        catch (SdpParseException ex)
        {
            throw new PropertyViolationException($"our answer does not parse ({ex.Message}):\n{answer}");
        }
    }
}
