using RtcLive.WebRtc.Sdp;

namespace RtcLive.WebRtc.Tests.Sdp;

public class SdpParserTests
{
    private const string Stream = "15fc899e-4fd5-4dbe-bbdc-968b7afb2c68";

    [Fact]
    public void Chrome_session_part()
    {
        var sdp = SdpParser.Parse(SdpSamples.ChromeOffer);

        Assert.Equal(0, sdp.Version);
        Assert.Equal(new SdpOrigin("-", "4215775240449105457", 2, "IN", "IP4", "127.0.0.1"), sdp.Origin);
        Assert.Equal("-", sdp.SessionName);
        Assert.Equal(SdpTiming.Unbounded, sdp.Timing);
        Assert.True(sdp.ExtmapAllowMixed);
        Assert.False(sdp.IceLite);
        Assert.Equal(["0", "1", "2"], sdp.BundleGroup!.Mids);
        Assert.Equal("WMS", sdp.MsidSemantic!.Semantic);
        Assert.Equal([Stream], sdp.MsidSemantic.Identifiers);
        Assert.Equal(3, sdp.Media.Count);
        Assert.Empty(sdp.OtherAttributes);
    }

    [Fact]
    public void Chrome_audio_section()
    {
        var audio = SdpParser.Parse(SdpSamples.ChromeOffer).Media[0];

        Assert.Equal(MediaKind.Audio, audio.Kind);
        Assert.Equal(51712, audio.Port);
        Assert.Equal(SdpProtocols.UdpTlsRtpSavpf, audio.Protocol);
        Assert.Equal(new SdpConnection("IN", "IP4", "203.0.113.7"), audio.Connection);
        Assert.Equal("0", audio.Mid);
        Assert.Equal(MediaDirection.SendRecv, audio.Direction);
        Assert.True(audio.RtcpMux);
        Assert.True(audio.RtcpReducedSize);
        Assert.Equal("Fq3b", audio.IceUfrag);
        Assert.Equal("wd9YJm3aM1nG0b8Ejk3FqEHt", audio.IcePwd);
        Assert.Equal(["trickle"], audio.IceOptions);
        Assert.Equal("sha-256", Assert.Single(audio.Fingerprints).HashFunction);
        Assert.StartsWith("A5:4D:CA:18", audio.Fingerprints[0].Value);
        Assert.Equal(SetupRole.ActPass, audio.Setup);

        Assert.Equal(2, audio.Candidates.Count);
        Assert.StartsWith("2389523740 1 udp 2113937151 3b0e8a1c", audio.Candidates[0]);
        Assert.EndsWith("typ srflx raddr 0.0.0.0 rport 0 generation 0 network-cost 999", audio.Candidates[1]);
        Assert.False(audio.EndOfCandidates);

        Assert.Equal([111, 63, 9, 0, 8, 13, 110, 126], audio.Codecs.Select(c => c.PayloadType));
        var opus = audio.Codecs[0];
        Assert.Equal(("opus", 48000, (int?)2), (opus.Name, opus.ClockRate, opus.Channels));
        Assert.Equal("10", opus.Parameters.Get("minptime"));
        Assert.Equal("1", opus.Parameters.Get("useinbandfec"));
        Assert.Equal([RtcpFeedback.TransportCc], opus.Feedback);
        var red = audio.FindCodec(63)!;
        Assert.Equal("red", red.Name);
        Assert.Equal(new SdpParameter("111/111"), Assert.Single(red.Parameters));
        Assert.Null(audio.FindCodec(9)!.Channels);
        Assert.Equal("telephone-event", audio.FindCodec(126)!.Name);
        Assert.Equal(8000, audio.FindCodec(126)!.ClockRate);

        Assert.Equal(
            [(1, HeaderExtensionUris.AudioLevel), (2, HeaderExtensionUris.AbsSendTime), (3, HeaderExtensionUris.TransportWideCc), (4, HeaderExtensionUris.SdesMid)],
            audio.Extensions.Select(e => (e.Id, e.Uri)));
        Assert.All(audio.Extensions, e => Assert.Null(e.Direction));

        Assert.Equal(new Msid(Stream, "57b6fb7e-bfea-4155-9a28-f7b324e4e25a"), Assert.Single(audio.Msids));
        Assert.Equal([1001411291u], audio.GetSsrcs());
        Assert.Equal("Zc9SHM4PzZ3xNm6N", audio.GetSsrcAttribute(1001411291, "cname"));

        // a=rtcp is not modelled; it is kept for the round trip.
        Assert.Equal(new SdpAttribute("rtcp", "9 IN IP4 0.0.0.0"), Assert.Single(audio.OtherAttributes));
    }

    [Fact]
    public void Chrome_video_section_with_simulcast()
    {
        var sdp = SdpParser.Parse(SdpSamples.ChromeOffer);
        var video = sdp.FindMedia("1")!;

        Assert.Equal(MediaKind.Video, video.Kind);
        Assert.Equal(9, video.Port);
        Assert.Equal(MediaDirection.SendOnly, video.Direction);
        Assert.Equal(25, video.Codecs.Count);
        Assert.Equal(video.Formats, video.Codecs.Select(c => c.PayloadType.ToString()));

        var vp8 = video.FindCodec(96)!;
        Assert.Equal("VP8", vp8.Name);
        Assert.Equal(90000, vp8.ClockRate);
        Assert.Equal(
            [RtcpFeedback.GoogRemb, RtcpFeedback.TransportCc, RtcpFeedback.CcmFir, RtcpFeedback.Nack, RtcpFeedback.NackPli],
            vp8.Feedback);
        Assert.Empty(vp8.Parameters);
        Assert.Equal(97, video.FindRtxFor(96)!.PayloadType);
        Assert.Equal(96, video.FindCodec(97)!.Apt);
        Assert.True(video.FindCodec(97)!.IsRtx);

        var h264 = video.FindCodec(106)!;
        Assert.Equal("H264", h264.Name);
        Assert.Equal(
            [new SdpParameter("level-asymmetry-allowed", "1"), new SdpParameter("packetization-mode", "1"), new SdpParameter("profile-level-id", "42e01f")],
            h264.Parameters);
        Assert.Equal(107, video.FindRtxFor(106)!.PayloadType);
        Assert.Equal(127, video.FindCodec(125)!.Apt);
        Assert.Equal("2", video.FindCodec(100)!.Parameters.Get("profile-id"));
        Assert.Equal("ulpfec", video.FindCodec(118)!.Name);
        Assert.Equal(116, video.FindCodec(117)!.Apt);
        Assert.Equal(
            ["VP8", "H264", "H264", "H264", "H264", "H264", "H264", "AV1", "VP9", "VP9", "H264"],
            video.GetPrimaryCodecs().Select(c => c.Name));

        Assert.Equal(11, video.Extensions.Count);
        Assert.Equal(14, video.FindExtensionId(HeaderExtensionUris.TimeOffset));
        Assert.Equal(10, video.FindExtensionId(HeaderExtensionUris.RtpStreamId));
        Assert.Equal(11, sdp.FindExtensionId(video, HeaderExtensionUris.RepairedRtpStreamId));

        Assert.Equal(["q", "h", "f"], video.Rids.Select(r => r.Id));
        Assert.All(video.Rids, r => Assert.Equal(RidDirection.Send, r.Direction));
        Assert.All(video.Rids, r => Assert.Empty(r.PayloadTypes));
        var simulcast = video.Simulcast!;
        Assert.Empty(simulcast.Recv);
        Assert.Equal(["q", "h", "f"], simulcast.Send.Select(s => Assert.Single(s.Alternatives).Rid));
        Assert.All(simulcast.Send, s => Assert.False(s.Alternatives[0].Paused));
        Assert.Equal(["q", "h", "f"], video.GetRids(RidDirection.Send).Select(r => r.Id));

        // With rid-based simulcast Chrome signals no SSRCs.
        Assert.Empty(video.GetSsrcs());
    }

    [Fact]
    public void Chrome_data_channel_section()
    {
        var data = SdpParser.Parse(SdpSamples.ChromeOffer).Media[2];

        Assert.Equal(MediaKind.Application, data.Kind);
        Assert.Equal(SdpProtocols.UdpDtlsSctp, data.Protocol);
        Assert.False(data.IsRtp);
        Assert.Equal(["webrtc-datachannel"], data.Formats);
        Assert.Empty(data.Codecs);
        Assert.Equal("2", data.Mid);
        Assert.Null(data.Direction);
        Assert.Equal(5000, data.SctpPort);
        Assert.Equal(262144UL, data.MaxMessageSize);
    }

    [Fact]
    public void Firefox_session_level_fingerprint_and_extmap_directions()
    {
        var sdp = SdpParser.Parse(SdpSamples.FirefoxOffer);

        Assert.Equal("mozilla...THIS_IS_SDPARTA-99.0", sdp.Origin.Username);
        Assert.Equal("0.0.0.0", sdp.Origin.Address);
        Assert.Equal("sha-256", Assert.Single(sdp.Fingerprints).HashFunction);
        Assert.Equal(["trickle"], sdp.IceOptions);
        Assert.Equal(["*"], sdp.MsidSemantic!.Identifiers);

        var audio = sdp.Media[0];
        Assert.Empty(audio.Fingerprints);
        Assert.Same(sdp.Fingerprints, sdp.GetFingerprints(audio));
        Assert.Equal(new SdpIceCredentials("9b8c4a02", "e4e1d3c05dd0cf7c37a2ba4b0ed8b1b7"), sdp.GetIceCredentials(audio));
        Assert.Equal(["trickle"], sdp.GetIceOptions(audio));
        Assert.Equal(new ExtensionMap(2, "urn:ietf:params:rtp-hdrext:csrc-audio-level", MediaDirection.RecvOnly), audio.Extensions[1]);
        Assert.Equal("{2c8a3e16-5b7f-4d4c-9a1e-7c2f1d9e8b30}".Length, audio.Msids[0].StreamId.Length);

        // The fmtp lines come before the rtpmaps; they are folded all the same.
        var opus = audio.FindCodec(109)!;
        Assert.Equal("opus", opus.Name);
        Assert.Equal("48000", opus.Parameters.Get("maxplaybackrate"));
        Assert.Equal(1, audio.FindCodec(9)!.Channels);
        Assert.Equal(new SdpParameter("0-15"), Assert.Single(audio.FindCodec(101)!.Parameters));

        var video = sdp.Media[1];
        Assert.Equal(new ExtensionMap(6, HeaderExtensionUris.PlayoutDelay, MediaDirection.RecvOnly), video.Extensions[3]);
        Assert.Equal([120, 124, 121, 125, 126, 127, 97, 98, 123, 122, 119], video.Codecs.Select(c => c.PayloadType));
        Assert.Equal(5, video.FindCodec(120)!.Feedback.Count);
        Assert.Equal(120, video.FindCodec(124)!.Apt);
        Assert.Equal("1", video.FindCodec(126)!.Parameters.Get("packetization-mode"));
        Assert.Null(video.FindCodec(97)!.Parameters.Get("packetization-mode"));
        Assert.Equal(1985604466u, video.FindRtxSsrc(3528134566));
        Assert.Equal(3528134566u, video.FindPrimarySsrc(1985604466));
        Assert.Equal([3528134566u], video.GetMediaSsrcs());
        Assert.Equal(SsrcGroup.Fid, Assert.Single(video.SsrcGroups).Semantics);

        var data = sdp.Media[2];
        Assert.Equal(MediaDirection.SendRecv, data.Direction);
        Assert.Equal(1073741823UL, data.MaxMessageSize);
    }

    [Fact]
    public void Obs_whip_offer_without_msid_or_rtx()
    {
        var sdp = SdpParser.Parse(SdpSamples.ObsWhipOffer);

        Assert.Equal("rtc", sdp.Origin.Username);
        Assert.Equal(["BUNDLE", "LS"], sdp.Groups.Select(g => g.Semantics));
        Assert.Equal(SetupRole.ActPass, sdp.Setup);
        Assert.Equal(["ice2", "trickle"], sdp.IceOptions);

        foreach (var media in sdp.Media)
        {
            Assert.Null(media.IceUfrag);
            Assert.Equal(new SdpIceCredentials("Wk3u", "8Hm7YV0Jc4AD3mSxCXoUj9"), sdp.GetIceCredentials(media));
            Assert.Equal(SetupRole.ActPass, sdp.GetSetup(media));
            Assert.Single(sdp.GetFingerprints(media));
            Assert.Empty(media.Msids);
            Assert.DoesNotContain(media.Codecs, c => c.IsRtx);
            Assert.Equal(MediaDirection.SendOnly, sdp.GetDirection(media));
            Assert.Equal(SdpConnection.Unspecified, media.Connection);
            Assert.Equal(9, media.Port);
            Assert.Empty(media.Candidates);
        }

        var h264 = Assert.Single(sdp.Media[1].Codecs);
        Assert.Equal(("H264", 96), (h264.Name, h264.PayloadType));
        Assert.Equal("42e01f", h264.Parameters.Get("profile-level-id"));
        Assert.Equal([RtcpFeedback.Nack, RtcpFeedback.NackPli, RtcpFeedback.GoogRemb], h264.Feedback);
        Assert.Equal("obs-7d2e9a", sdp.Media[1].GetSsrcAttribute(2847102939, SsrcAttribute.Cname));
        Assert.Equal("96000", sdp.Media[0].Codecs[0].Parameters.Get("maxaveragebitrate"));
    }

    [Fact]
    public void GStreamer_offer_with_lf_line_ends_and_named_mids()
    {
        Assert.DoesNotContain('\r', SdpSamples.GStreamerWhipOffer);
        var sdp = SdpParser.Parse(SdpSamples.GStreamerWhipOffer);

        Assert.Equal(["video0", "audio1"], sdp.BundleGroup!.Mids);
        Assert.Equal(["trickle"], sdp.IceOptions);
        var video = sdp.FindMedia("video0")!;
        Assert.Equal(new SdpAttribute("framerate", "30"), Assert.Single(video.OtherAttributes));
        Assert.Equal("user3339373424@host-9a2a7e0e webrtctransceiver0", video.GetSsrcAttribute(1873219641, "msid"));
        var opus = Assert.Single(sdp.FindMedia("audio1")!.Codecs);
        Assert.Equal(("OPUS", 97, 48000), (opus.Name, opus.PayloadType, opus.ClockRate));
        Assert.Equal("kVhtbLpDH5CexnEF3GrTtB3AGEDMf4Sz", video.IceUfrag);
        Assert.Equal("9IQMBZy4Br3iIvQIOjamBvHbXCT/vV/w", video.IcePwd);
    }

    [Fact]
    public void Ffmpeg_offer_is_passive_with_a_real_session_name()
    {
        var sdp = SdpParser.Parse(SdpSamples.FfmpegWhipOffer);

        Assert.Equal("FFmpegPublishSession", sdp.SessionName);
        Assert.Equal("FFmpeg", sdp.Origin.Username);
        Assert.Empty(sdp.MsidSemantic!.Identifiers);
        Assert.All(sdp.Media, m => Assert.Equal(SetupRole.Passive, m.Setup));
        Assert.Equal(new Msid("FFmpeg", "video"), Assert.Single(sdp.Media[1].Msids));
        Assert.Equal("H264", Assert.Single(sdp.Media[1].Codecs).Name);
    }

    [Fact]
    public void Static_payload_types_need_no_rtpmap()
    {
        var sdp = SdpParser.Parse("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 5004 RTP/AVP 0 8 96\r\n");

        var media = sdp.Media[0];
        Assert.Equal(["0", "8", "96"], media.Formats);
        // 96 is dynamic and has no rtpmap: listed, but not a codec.
        Assert.Equal([("PCMU", 8000), ("PCMA", 8000)], media.Codecs.Select(c => (c.Name, c.ClockRate)));
        Assert.Equal(new SdpConnection("IN", "IP4", "127.0.0.1"), sdp.Connection);
    }

    [Fact]
    public void Codec_lines_for_unlisted_payload_types_are_kept_as_attributes_in_order()
    {
        var sdp = SdpParser.Parse(Minimal(
            "m=video 9 UDP/TLS/RTP/SAVPF 96",
            "c=IN IP4 0.0.0.0",
            "a=x-first",
            "a=rtpmap:96 VP8/90000",
            "a=rtpmap:100 VP9/90000",
            "a=rtcp-fb:100 nack",
            "a=x-last:1"));

        var media = sdp.Media[0];
        Assert.Single(media.Codecs);
        Assert.Equal(
            [new SdpAttribute("x-first"), new SdpAttribute("rtpmap", "100 VP9/90000"), new SdpAttribute("rtcp-fb", "100 nack"), new SdpAttribute("x-last", "1")],
            media.OtherAttributes);
    }

    [Fact]
    public void Wildcard_feedback_and_extmap_attributes()
    {
        var media = SdpParser.Parse(Minimal(
            "m=video 9 UDP/TLS/RTP/SAVPF 96",
            "c=IN IP4 0.0.0.0",
            "a=rtpmap:96 VP8/90000",
            "a=rtcp-fb:* nack",
            "a=extmap:7/sendonly urn:example:ext some attributes",
            "a=extmap:300 urn:example:two-byte")).Media[0];

        Assert.Equal([RtcpFeedback.Nack], media.FeedbackForAllCodecs);
        Assert.Empty(media.Codecs[0].Feedback);
        Assert.Equal(new ExtensionMap(7, "urn:example:ext", MediaDirection.SendOnly, "some attributes"), media.Extensions[0]);
        Assert.Equal(300, media.Extensions[1].Id);
    }

    [Fact]
    public void Rid_restrictions_and_simulcast_alternatives()
    {
        var media = SdpParser.Parse(Minimal(
            "m=video 9 UDP/TLS/RTP/SAVPF 96 97",
            "c=IN IP4 0.0.0.0",
            "a=rtpmap:96 VP8/90000",
            "a=rtpmap:97 VP9/90000",
            "a=rid:1 send pt=96,97;max-width=1280;max-height=720",
            "a=rid:2 send max-fps=15",
            "a=rid:3 recv",
            "a=simulcast:send 1,~4;~2 recv 3")).Media[0];

        Assert.Equal([96, 97], media.Rids[0].PayloadTypes);
        Assert.Equal([new SdpParameter("max-width", "1280"), new SdpParameter("max-height", "720")], media.Rids[0].Restrictions);
        Assert.Equal("15", media.Rids[1].Restrictions.Get("max-fps"));
        Assert.Equal(RidDirection.Recv, media.Rids[2].Direction);

        var simulcast = media.Simulcast!;
        Assert.Equal(2, simulcast.Send.Count);
        Assert.Equal([new SimulcastRid("1"), new SimulcastRid("4", Paused: true)], simulcast.Send[0].Alternatives);
        Assert.Equal([new SimulcastRid("2", Paused: true)], simulcast.Send[1].Alternatives);
        Assert.Equal("3", Assert.Single(Assert.Single(simulcast.Recv).Alternatives).Rid);
        Assert.Equal("send 1,~4;~2 recv 3", simulcast.ToString());
        Assert.Equal("send 3 recv 1,~4;~2", simulcast.Reversed().ToString());
        Assert.Equal(["1", "2"], media.GetRids(RidDirection.Send).Select(r => r.Id));
    }

    [Fact]
    public void Legacy_draft_simulcast_form_is_read()
    {
        var media = SdpParser.Parse(Minimal(
            "m=video 9 UDP/TLS/RTP/SAVPF 96",
            "c=IN IP4 0.0.0.0",
            "a=simulcast: send rid=a;b")).Media[0];

        Assert.Equal(["a", "b"], media.Simulcast!.Send.Select(s => s.Alternatives[0].Rid));
    }

    [Fact]
    public void Blank_lines_trailing_spaces_and_missing_s_and_t_are_tolerated()
    {
        var sdp = SdpParser.Parse("v=0  \n\no=- 7 1 IN IP4 0.0.0.0\r\n\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111 \t\nc=IN IP4 0.0.0.0\na=rtpmap:111 opus/48000/2\n\n");

        Assert.Equal("-", sdp.SessionName);
        Assert.Equal(SdpTiming.Unbounded, sdp.Timing);
        Assert.Equal(["111"], sdp.Media[0].Formats);
        Assert.Equal("opus", sdp.Media[0].Codecs[0].Name);
    }

    [Fact]
    public void Rejected_section_needs_no_connection_line()
    {
        var sdp = SdpParser.Parse(Minimal("m=video 0 UDP/TLS/RTP/SAVPF 96", "a=mid:1"));
        Assert.True(sdp.Media[0].IsRejected);
        Assert.Null(sdp.Media[0].Connection);
    }

    [Fact]
    public void Session_level_connection_covers_all_sections()
    {
        var sdp = SdpParser.Parse("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\na=sendonly\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\n");

        Assert.Null(sdp.Media[0].Connection);
        Assert.Equal(MediaDirection.SendOnly, sdp.GetDirection(sdp.Media[0]));
    }

    [Fact]
    public void Other_line_types_are_kept()
    {
        var sdp = SdpParser.Parse("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nu=http://example.com/\r\ne=a@example.com\r\nt=0 0\r\nr=604800 3600 0\r\nm=audio 9 RTP/AVP 0\r\nc=IN IP4 0.0.0.0\r\nk=prompt\r\nb=AS:64\r\n");

        Assert.Equal([new SdpLine('u', "http://example.com/"), new SdpLine('e', "a@example.com"), new SdpLine('r', "604800 3600 0")], sdp.OtherLines);
        Assert.Equal(new SdpLine('k', "prompt"), Assert.Single(sdp.Media[0].OtherLines));
        Assert.Equal(new SdpBandwidth("AS", 64), Assert.Single(sdp.Media[0].Bandwidths));
    }

    [Fact]
    public void TryParse_reports_the_error()
    {
        Assert.False(SdpParser.TryParse("garbage", out var description, out var error));
        Assert.Null(description);
        Assert.Equal(1, error.LineNumber);

        Assert.True(SdpParser.TryParse(SdpSamples.ObsWhipOffer, out description, out error));
        Assert.Null(error);
        Assert.Equal(2, description.Media.Count);
    }

    internal static string Minimal(params string[] mediaLines) =>
        "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n" + string.Join("\r\n", mediaLines) + "\r\n";
}
