using RtcLive.WebRtc.Sdp;

namespace RtcLive.WebRtc.Tests.Sdp;

public class SdpRoundTripTests
{
    public static TheoryData<string> Samples => new()
    {
        nameof(SdpSamples.ChromeOffer),
        nameof(SdpSamples.FirefoxOffer),
        nameof(SdpSamples.ObsWhipOffer),
        nameof(SdpSamples.GStreamerWhipOffer),
        nameof(SdpSamples.FfmpegWhipOffer),
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Parse_write_parse_gives_the_same_model(string sample)
    {
        var first = SdpParser.Parse(Sample(sample));
        string written = SdpWriter.Write(first);
        var second = SdpParser.Parse(written);

        ModelAssert.Equivalent(first, second);
        Assert.Equal(written, second.ToString());
    }

    [Fact]
    public void Chrome_offer_keeps_every_line_in_every_section()
    {
        string original = SdpSamples.ChromeOffer;
        string written = SdpParser.Parse(original).ToString();

        var originalSections = Sections(original);
        var writtenSections = Sections(written);
        Assert.Equal(originalSections.Count, writtenSections.Count);
        for (int i = 0; i < originalSections.Count; i++)
        {
            // Same lines, possibly in another order within the section (candidates, a=rtcp).
            Assert.Equal(originalSections[i].Order(StringComparer.Ordinal), writtenSections[i].Order(StringComparer.Ordinal));
        }
        Assert.Equal(original.Length, written.Length);
    }

    [Fact]
    public void Output_uses_crlf_and_rfc_order()
    {
        string written = SdpParser.Parse(SdpSamples.GStreamerWhipOffer).ToString();

        Assert.EndsWith("\r\n", written);
        Assert.DoesNotContain("\n", written.Replace("\r\n", ""));
        Assert.StartsWith("v=0\r\no=- 1788634960417349581 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n", written);
        Assert.Contains("m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\n", written);
    }

    [Fact]
    public void Written_model_built_by_hand()
    {
        var sdp = new SessionDescription { Origin = SdpOrigin.ForSession("123", 4), IceLite = true };
        sdp.Groups.Add(new SdpGroup(SdpGroup.Bundle, ["a"]));
        var media = new MediaDescription(MediaKind.Audio)
        {
            Connection = SdpConnection.Unspecified,
            Mid = "a",
            Direction = MediaDirection.RecvOnly,
            RtcpMux = true,
            IceUfrag = "uf",
            IcePwd = "pw",
            Setup = SetupRole.Passive,
            EndOfCandidates = true,
        };
        media.Fingerprints.Add(new SdpFingerprint("sha-256", "AA:BB"));
        media.Extensions.Add(new ExtensionMap(4, HeaderExtensionUris.SdesMid));
        media.AddCodec(DefaultCodecs.Opus());
        media.Candidates.Add("1 1 udp 2130706431 127.0.0.1 5000 typ host");
        media.OtherAttributes.Add(new SdpAttribute("ptime", "20"));
        sdp.Media.Add(media);

        Assert.Equal(
            "v=0\r\n" +
            "o=- 123 4 IN IP4 127.0.0.1\r\n" +
            "s=-\r\n" +
            "t=0 0\r\n" +
            "a=ice-lite\r\n" +
            "a=group:BUNDLE a\r\n" +
            "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n" +
            "c=IN IP4 0.0.0.0\r\n" +
            "a=ice-ufrag:uf\r\n" +
            "a=ice-pwd:pw\r\n" +
            "a=fingerprint:sha-256 AA:BB\r\n" +
            "a=setup:passive\r\n" +
            "a=mid:a\r\n" +
            "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n" +
            "a=recvonly\r\n" +
            "a=rtcp-mux\r\n" +
            "a=rtpmap:111 opus/48000/2\r\n" +
            "a=rtcp-fb:111 transport-cc\r\n" +
            "a=fmtp:111 minptime=10;useinbandfec=1\r\n" +
            "a=candidate:1 1 udp 2130706431 127.0.0.1 5000 typ host\r\n" +
            "a=end-of-candidates\r\n" +
            "a=ptime:20\r\n",
            sdp.ToString());
    }

    [Fact]
    public void Empty_session_name_survives()
    {
        var sdp = SdpParser.Parse("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns= \r\nt=0 0\r\n");
        Assert.Equal("", sdp.SessionName);
        Assert.Contains("\r\ns= \r\n", sdp.ToString());
        Assert.Equal("", SdpParser.Parse(sdp.ToString()).SessionName);
    }

    private static string Sample(string name) =>
        (string)typeof(SdpSamples).GetField(name, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)!.GetValue(null)!;

    /// <summary>The lines of each part (session, then each m-line), CRLF or LF.</summary>
    private static List<List<string>> Sections(string sdp)
    {
        var sections = new List<List<string>> { new() };
        foreach (string line in sdp.Split('\n'))
        {
            string l = line.TrimEnd('\r');
            if (l.Length == 0) continue;
            if (l.StartsWith("m=", StringComparison.Ordinal)) sections.Add([]);
            sections[^1].Add(l);
        }
        return sections;
    }
}
