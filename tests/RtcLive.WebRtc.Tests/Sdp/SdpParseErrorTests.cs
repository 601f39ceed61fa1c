using RtcLive.WebRtc.Sdp;

namespace RtcLive.WebRtc.Tests.Sdp;

/// <summary>Malformed descriptions are refused with an <see cref="SdpParseException"/> that says where and why.</summary>
public class SdpParseErrorTests
{
    private const string Head = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n";

    private static SdpParseException Fails(string sdp) => Assert.Throws<SdpParseException>(() => SdpParser.Parse(sdp));

    [Fact]
    public void Empty_input()
    {
        var ex = Fails("");
        Assert.Equal(0, ex.LineNumber);
        Assert.Contains("empty", ex.Message);
        Assert.Equal(0, Fails("\r\n\r\n").LineNumber);
    }

    [Fact]
    public void Garbage()
    {
        var ex = Fails("hello, this is not SDP");
        Assert.Equal(1, ex.LineNumber);
        Assert.Equal("SDP line 1: expected a '<type>=<value>' line, got 'hello, this is not SDP'", ex.Message);

        ex = Fails("<html><body>502 Bad Gateway</body></html>");
        Assert.Equal(1, ex.LineNumber);
    }

    [Fact]
    public void Missing_version_line()
    {
        var ex = Fails("o=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n");
        Assert.Equal(1, ex.LineNumber);
        Assert.Contains("must start with 'v=0'", ex.Message);
    }

    [Fact]
    public void Unsupported_version()
    {
        var ex = Fails("v=1\r\no=- 1 1 IN IP4 0.0.0.0\r\n");
        Assert.Contains("unsupported SDP version '1'", ex.Message);
    }

    [Fact]
    public void Truncated_after_the_version_line()
    {
        var ex = Fails("v=0\r\n");
        Assert.Contains("no o= line", ex.Message);
    }

    [Fact]
    public void Truncated_inside_the_origin_line()
    {
        var ex = Fails("v=0\r\no=- 42150");
        Assert.Equal(2, ex.LineNumber);
        Assert.Contains("bad o= line", ex.Message);
    }

    [Fact]
    public void Truncated_chrome_offer_inside_an_rtpmap()
    {
        string chrome = SdpSamples.ChromeOffer;
        string cut = chrome[..(chrome.IndexOf("a=rtpmap:111 opus", StringComparison.Ordinal) + "a=rtpmap:111".Length)];
        int lines = cut.Split('\n').Length;

        var ex = Fails(cut);
        Assert.Equal(lines, ex.LineNumber);
        Assert.Contains("bad a=rtpmap", ex.Message);
    }

    [Fact]
    public void Truncated_chrome_offer_inside_an_m_line()
    {
        string chrome = SdpSamples.ChromeOffer;
        string cut = chrome[..(chrome.IndexOf("m=video", StringComparison.Ordinal) + "m=vid".Length)];

        var ex = Fails(cut);
        Assert.Contains("bad m= line", ex.Message);
        Assert.Equal(cut.Split('\n').Length, ex.LineNumber);
    }

    [Theory]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF", "bad m= line: expected '<media> <port> <protocol> <format>...'")]
    [InlineData("m=audio", "bad m= line")]
    [InlineData("m=audio nine UDP/TLS/RTP/SAVPF 111", "the m= port must be a number from 0 to 65535, got 'nine'")]
    [InlineData("m=audio 70000 UDP/TLS/RTP/SAVPF 111", "the m= port must be a number from 0 to 65535, got '70000'")]
    [InlineData("m=audio -9 UDP/TLS/RTP/SAVPF 111", "the m= port must be a number")]
    [InlineData("m=audio 9/x UDP/TLS/RTP/SAVPF 111", "the m= port count")]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF opus", "bad payload type 'opus' in the m= line: expected a number from 0 to 127")]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF 111 128", "bad payload type '128'")]
    public void Bad_m_line(string mLine, string expected)
    {
        var ex = Fails(Head + mLine + "\r\nc=IN IP4 0.0.0.0\r\n");
        Assert.Equal(5, ex.LineNumber);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Missing_connection_line()
    {
        var ex = Fails(Head + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=rtpmap:111 opus/48000/2\r\n");
        Assert.Equal(5, ex.LineNumber);
        Assert.Equal("SDP line 5: the audio section (mid 0) has no c= line and the session has none", ex.Message);
    }

    [Theory]
    [InlineData("a=rtpmap:abc opus/48000/2", "bad payload type 'abc' in a=rtpmap")]
    [InlineData("a=rtpmap:111 opus", "bad a=rtpmap encoding 'opus'")]
    [InlineData("a=rtpmap:111 opus/fast/2", "the a=rtpmap clock rate must be a number")]
    [InlineData("a=rtpmap:111 opus/48000/2 extra", "bad a=rtpmap")]
    [InlineData("a=fmtp:x apt=96", "bad payload type 'x' in a=fmtp")]
    [InlineData("a=rtcp-fb:96", "bad a=rtcp-fb")]
    [InlineData("a=rtcp-fb:ninety nack", "bad payload type 'ninety' in a=rtcp-fb")]
    [InlineData("a=ssrc:12ab cname:x", "the a=ssrc SSRC must be a number from 0 to 4294967295, got '12ab'")]
    [InlineData("a=ssrc:4294967296 cname:x", "the a=ssrc SSRC must be a number")]
    [InlineData("a=ssrc:1234", "bad a=ssrc: expected an attribute after SSRC 1234")]
    [InlineData("a=ssrc-group:FID 1 x", "an a=ssrc-group SSRC must be a number")]
    [InlineData("a=ssrc-group:FID", "bad a=ssrc-group")]
    [InlineData("a=extmap:x urn:ietf:params:rtp-hdrext:sdes:mid", "the a=extmap id must be a number from 1 to 4351, got 'x'")]
    [InlineData("a=extmap:0 urn:ietf:params:rtp-hdrext:sdes:mid", "the a=extmap id must be a number from 1 to 4351, got '0'")]
    [InlineData("a=extmap:3/sideways urn:x", "bad a=extmap direction 'sideways'")]
    [InlineData("a=extmap:3", "bad a=extmap")]
    [InlineData("a=setup:sometimes", "bad a=setup: expected actpass, active, passive or holdconn, got 'sometimes'")]
    [InlineData("a=fingerprint:sha-256", "bad a=fingerprint")]
    [InlineData("a=rid:q sideways", "bad a=rid: direction must be 'send' or 'recv', got 'sideways'")]
    [InlineData("a=rid:q send pt=x", "bad payload type 'x' in a=rid pt=")]
    [InlineData("a=simulcast:send", "bad a=simulcast")]
    [InlineData("a=simulcast:both q;h", "bad a=simulcast: expected 'send' or 'recv', got 'both'")]
    [InlineData("a=simulcast:send q;~;f", "bad a=simulcast: empty rid")]
    [InlineData("a=simulcast:send q;h!;f", "bad a=simulcast rid 'h!'")]
    [InlineData("a=rid:h.1 send", "bad a=rid id 'h.1': only letters, digits, '-' and '_' are allowed")]
    [InlineData("a=msid:a b c", "bad a=msid")]
    [InlineData("a=mid:", "a=mid needs a value")]
    [InlineData("a=mid:two words", "a=mid must be a single word")]
    [InlineData("a=rtcp-mux:yes", "a=rtcp-mux takes no value")]
    [InlineData("a=sctp-port:port", "a=sctp-port must be a number from 0 to 65535")]
    [InlineData("a=max-message-size:-1", "a=max-message-size must be a non-negative number")]
    [InlineData("a=candidate:", "a=candidate needs a value")]
    [InlineData("a=:value", "an a= line with no attribute name")]
    public void Bad_media_attribute(string attribute, string expected)
    {
        var ex = Fails(Head + "m=video 9 UDP/TLS/RTP/SAVPF 96 111\r\nc=IN IP4 0.0.0.0\r\n" + attribute + "\r\n");
        Assert.Equal(7, ex.LineNumber);
        Assert.Contains(expected, ex.Message);
    }

    [Theory]
    [InlineData("a=mid:0\r\na=mid:1", "a second a=mid")]
    [InlineData("a=sendonly\r\na=recvonly", "more than one direction attribute")]
    [InlineData("a=rtpmap:96 VP8/90000\r\na=rtpmap:96 VP9/90000", "a second a=rtpmap for payload type 96")]
    [InlineData("a=fmtp:96 a=1\r\na=fmtp:96 b=2", "a second a=fmtp for payload type 96")]
    [InlineData("a=ice-ufrag:a\r\na=ice-ufrag:b", "a second a=ice-ufrag")]
    [InlineData("a=setup:active\r\na=setup:passive", "a second a=setup")]
    [InlineData("c=IN IP4 1.2.3.4", "a second c= line")]
    [InlineData("t=0 0", "'t=' belongs to the session part")]
    [InlineData("v=0", "a second v= line")]
    public void Duplicated_or_misplaced(string lines, string expected)
    {
        var ex = Fails(Head + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\n" + lines + "\r\n");
        Assert.Contains(expected, ex.Message);
    }

    [Theory]
    [InlineData("o=- 1 1 IN IP4", "bad o= line")]
    [InlineData("o=- 1 one IN IP4 0.0.0.0", "the o= session version must be a non-negative number, got 'one'")]
    [InlineData("t=now later", "the t= start time must be a non-negative number")]
    [InlineData("c=IN IP4", "bad c= line")]
    [InlineData("b=AS", "bad b= line")]
    [InlineData("b=AS:lots", "the b= bandwidth must be a non-negative number")]
    [InlineData("a=group", "a=group needs a value")]
    [InlineData("a=ice-lite:yes", "a=ice-lite takes no value")]
    [InlineData("A=x", "a line type must be a lower-case letter, got 'A'")]
    [InlineData("ab", "expected a '<type>=<value>' line, got 'ab'")]
    public void Bad_session_line(string line, string expected)
    {
        string sdp = line.StartsWith("o=", StringComparison.Ordinal)
            ? "v=0\r\n" + line + "\r\n"
            : "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\n" + line + "\r\n";
        var ex = Fails(sdp);
        Assert.Contains(expected, ex.Message);
        Assert.Equal(line.StartsWith("o=", StringComparison.Ordinal) ? 2 : 3, ex.LineNumber);
    }

    [Fact]
    public void Media_before_origin()
    {
        var ex = Fails("v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\n");
        Assert.Contains("m= line before the o= line", ex.Message);
    }

    [Fact]
    public void Control_characters_are_refused_and_not_echoed()
    {
        var ex = Fails(Head + "a=tool:evil\0name\r\n");
        Assert.Equal(5, ex.LineNumber);
        Assert.Contains("control character 0x00", ex.Message);

        ex = Fails(Head + "a=tool:split\rline\r\n");
        Assert.Contains("control character 0x0D", ex.Message);

        ex = Fails("x\u0001y");
        Assert.DoesNotContain('\u0001', ex.Message);
    }

    [Fact]
    public void Oversized_input_is_refused_before_reading()
    {
        string huge = Head + new string('a', SdpParser.MaxLength);
        var ex = Fails(huge);
        Assert.Equal(0, ex.LineNumber);
        Assert.Contains($"at most {SdpParser.MaxLength} are accepted", ex.Message);
    }

    [Fact]
    public void Too_many_lines_are_refused()
    {
        string many = Head + string.Concat(Enumerable.Repeat("a=x\n", SdpParser.MaxLines));
        var ex = Fails(many);
        Assert.Equal(SdpParser.MaxLines + 1, ex.LineNumber);
        Assert.Contains("too many lines", ex.Message);
    }

    [Fact]
    public void Too_many_media_sections_are_refused()
    {
        string many = Head + string.Concat(Enumerable.Repeat("m=audio 0 RTP/AVP 0\n", SdpParser.MaxMediaSections + 1));
        var ex = Fails(many);
        Assert.Contains("too many m= lines", ex.Message);
    }

    [Fact]
    public void Long_values_are_shortened_in_messages()
    {
        var ex = Fails(Head + "m=audio " + new string('9', 500) + " RTP/AVP 0\r\n");
        Assert.True(ex.Message.Length < 200, ex.Message);
        Assert.Contains("...", ex.Message);
    }
}
