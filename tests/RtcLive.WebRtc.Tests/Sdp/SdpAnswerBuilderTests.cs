using RtcLive.WebRtc.Sdp;

namespace RtcLive.WebRtc.Tests.Sdp;

public class SdpAnswerBuilderTests
{
    private static readonly SdpFingerprint OurFingerprint =
        new("sha-256", "0F:1E:2D:3C:4B:5A:69:78:87:96:A5:B4:C3:D2:E1:F0:0F:1E:2D:3C:4B:5A:69:78:87:96:A5:B4:C3:D2:E1:F0");

    private static AnswerOptions Options(Func<AnswerOptions, AnswerOptions>? change = null)
    {
        var options = new AnswerOptions
        {
            IceCredentials = new SdpIceCredentials("sfu1", "sfu-password-0123456789"),
            Fingerprint = OurFingerprint,
            Candidates = ["1 1 udp 2130706431 127.0.0.1 40000 typ host"],
            SessionId = "777",
            SessionVersion = 3,
        };
        return change is null ? options : change(options);
    }

    private static SessionDescription Answer(string offer, AnswerOptions? options = null) =>
        SdpAnswerBuilder.Build(SdpParser.Parse(offer), options ?? Options());

    [Fact]
    public void Chrome_offer_session_part()
    {
        var answer = Answer(SdpSamples.ChromeOffer);

        Assert.Equal(SdpOrigin.ForSession("777", 3), answer.Origin);
        Assert.True(answer.IceLite);
        Assert.True(answer.ExtmapAllowMixed);
        Assert.Equal(["0", "1"], answer.BundleGroup!.Mids);
        Assert.Equal(["0", "1", "2"], answer.Media.Select(m => m.Mid));
        Assert.Equal(["audio", "video", "application"], answer.Media.Select(m => m.Media));
    }

    [Fact]
    public void Chrome_offer_transport_attributes()
    {
        var answer = Answer(SdpSamples.ChromeOffer);

        foreach (var media in answer.Media.Take(2))
        {
            Assert.Equal(9, media.Port);
            Assert.Equal(SdpProtocols.UdpTlsRtpSavpf, media.Protocol);
            Assert.Equal(SdpConnection.Unspecified, media.Connection);
            Assert.Equal("sfu1", media.IceUfrag);
            Assert.Equal("sfu-password-0123456789", media.IcePwd);
            Assert.Equal([OurFingerprint], media.Fingerprints);
            Assert.Equal(SetupRole.Passive, media.Setup);
            Assert.True(media.RtcpMux);
            Assert.True(media.RtcpReducedSize);
            Assert.Equal(["1 1 udp 2130706431 127.0.0.1 40000 typ host"], media.Candidates);
            Assert.True(media.EndOfCandidates);
        }
    }

    [Fact]
    public void Data_channel_is_rejected_with_port_zero_and_its_mid()
    {
        var answer = SdpAnswerBuilder.Build(SdpParser.Parse(SdpSamples.ChromeOffer), Options(), out var rejections);

        var data = answer.Media[2];
        Assert.Equal(0, data.Port);
        Assert.True(data.IsRejected);
        Assert.Equal(SdpProtocols.UdpDtlsSctp, data.Protocol);
        Assert.Equal(["webrtc-datachannel"], data.Formats);
        Assert.Equal("2", data.Mid);
        Assert.Null(data.IceUfrag);
        Assert.Null(data.SctpPort);
        Assert.DoesNotContain("2", answer.BundleGroup!.Mids);
        Assert.Equal(new MediaRejection(2, "2", "data channels are not supported"), Assert.Single(rejections));
        Assert.Contains("m=application 0 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:2\r\n", answer.ToString());
    }

    [Fact]
    public void Audio_keeps_the_offered_payload_type_fmtp_and_supported_feedback()
    {
        var audio = Answer(SdpSamples.ChromeOffer).Media[0];

        var opus = Assert.Single(audio.Codecs);
        Assert.Equal(111, opus.PayloadType);
        Assert.Equal("opus/48000/2", opus.RtpMap);
        Assert.Equal("minptime=10;useinbandfec=1", opus.Parameters.ToString());
        Assert.Equal([RtcpFeedback.TransportCc], opus.Feedback);
        Assert.Equal(["111"], audio.Formats);
        Assert.Equal(MediaDirection.SendRecv, audio.Direction);
        Assert.Equal(
            [(1, HeaderExtensionUris.AudioLevel), (2, HeaderExtensionUris.AbsSendTime), (3, HeaderExtensionUris.TransportWideCc), (4, HeaderExtensionUris.SdesMid)],
            audio.Extensions.Select(e => (e.Id, e.Uri)));
    }

    [Fact]
    public void Video_codecs_in_local_preference_with_rtx_and_offer_payload_types()
    {
        var video = Answer(SdpSamples.ChromeOffer).Media[1];

        // VP8 then H264 Constrained Baseline packetization-mode 1 (106, not Baseline 102 nor mode 0 108), each with its rtx.
        Assert.Equal(["96", "97", "106", "107"], video.Formats);
        Assert.Equal(["VP8", "rtx", "H264", "rtx"], video.Codecs.Select(c => c.Name));
        Assert.Equal(96, video.FindCodec(97)!.Apt);
        Assert.Equal(106, video.FindCodec(107)!.Apt);
        Assert.Equal("42e01f", video.FindCodec(106)!.Parameters.Get("profile-level-id"));
        Assert.Equal(5, video.FindCodec(96)!.Feedback.Count);
        Assert.Empty(video.FindCodec(97)!.Feedback);
    }

    [Fact]
    public void Video_extensions_keep_the_offer_ids_of_supported_uris_only()
    {
        var video = Answer(SdpSamples.ChromeOffer).Media[1];

        Assert.Equal(
            [
                (2, HeaderExtensionUris.AbsSendTime),
                (3, HeaderExtensionUris.TransportWideCc),
                (4, HeaderExtensionUris.SdesMid),
                (10, HeaderExtensionUris.RtpStreamId),
                (11, HeaderExtensionUris.RepairedRtpStreamId),
            ],
            video.Extensions.Select(e => (e.Id, e.Uri)));
    }

    [Fact]
    public void Simulcast_send_is_mirrored_as_recv()
    {
        var video = Answer(SdpSamples.ChromeOffer).Media[1];

        Assert.Equal(MediaDirection.RecvOnly, video.Direction);
        Assert.Equal(["q", "h", "f"], video.Rids.Select(r => r.Id));
        Assert.All(video.Rids, r => Assert.Equal(RidDirection.Recv, r.Direction));
        Assert.Equal("recv q;h;f", video.Simulcast!.ToString());
        Assert.Empty(video.Simulcast.Send);
        string text = SdpWriter.Write(Answer(SdpSamples.ChromeOffer));
        Assert.Contains("a=rid:q recv\r\na=rid:h recv\r\na=rid:f recv\r\na=simulcast:recv q;h;f\r\n", text);
    }

    [Fact]
    public void Simulcast_can_be_declined()
    {
        var video = Answer(SdpSamples.ChromeOffer, Options(o => new AnswerOptions
        {
            IceCredentials = o.IceCredentials,
            Fingerprint = o.Fingerprint,
            AcceptSimulcast = false,
        })).Media[1];

        Assert.Null(video.Simulcast);
        Assert.Empty(video.Rids);
    }

    [Fact]
    public void Simulcast_needs_the_rid_header_extension()
    {
        var video = Answer(SdpSamples.ChromeOffer, new AnswerOptions
        {
            IceCredentials = Options().IceCredentials,
            Fingerprint = OurFingerprint,
            HeaderExtensions = [HeaderExtensionUris.SdesMid],
        }).Media[1];

        Assert.Null(video.Simulcast);
        Assert.Empty(video.Rids);
    }

    [Fact]
    public void Simulcast_rids_keep_restrictions_and_narrow_payload_types()
    {
        string offer = SdpSamples.ChromeOffer
            .Replace("a=rid:q send\r\n", "a=rid:q send pt=96,98;max-width=320\r\n")
            .Replace("a=rid:h send\r\n", "a=rid:h send pt=100\r\n")
            .Replace("a=simulcast:send q;h;f", "a=simulcast:send q;h;~f");
        var video = Answer(offer).Media[1];

        Assert.Equal(["q", "f"], video.Rids.Select(r => r.Id));
        Assert.Equal([96], video.Rids[0].PayloadTypes);
        Assert.Equal("320", video.Rids[0].Restrictions.Get("max-width"));
        Assert.Equal("recv q;~f", video.Simulcast!.ToString());
    }

    [Fact]
    public void Only_the_preferred_codec_when_asked()
    {
        var options = new AnswerOptions
        {
            IceCredentials = Options().IceCredentials,
            Fingerprint = OurFingerprint,
            VideoCodecs = [CodecCapability.H264ConstrainedBaseline, CodecCapability.Vp8],
            AudioCodecs = [CodecCapability.Opus, CodecCapability.AudioRed],
            OnlyPreferredCodec = true,
        };
        var answer = Answer(SdpSamples.ChromeOffer, options);

        Assert.Equal(["106", "107"], answer.Media[1].Formats);
        Assert.Equal(["111"], answer.Media[0].Formats);
    }

    [Fact]
    public void Audio_red_follows_opus_when_listed()
    {
        var options = new AnswerOptions
        {
            IceCredentials = Options().IceCredentials,
            Fingerprint = OurFingerprint,
            AudioCodecs = [CodecCapability.AudioRed, CodecCapability.Opus],
        };
        var audio = Answer(SdpSamples.ChromeOffer, options).Media[0];

        Assert.Equal(["111", "63"], audio.Formats);
        Assert.Equal("111/111", audio.FindCodec(63)!.Parameters.ToString());
    }

    [Fact]
    public void Audio_red_is_dropped_when_what_it_carries_is_not_chosen()
    {
        var options = new AnswerOptions
        {
            IceCredentials = Options().IceCredentials,
            Fingerprint = OurFingerprint,
            AudioCodecs = [new CodecCapability("PCMU", 8000), CodecCapability.AudioRed],
        };
        var audio = Answer(SdpSamples.ChromeOffer, options).Media[0];

        Assert.Equal(["0"], audio.Formats);
    }

    [Theory]
    [InlineData("packetization-mode=1;profile-level-id=42e01f", new[] { 106 })]
    [InlineData("packetization-mode=1;profile-level-id=42001f", new[] { 102 })]
    [InlineData("packetization-mode=0;profile-level-id=42e01f", new[] { 108 })]
    [InlineData("profile-level-id=42e01f", new[] { 108 })]
    [InlineData("packetization-mode=1;profile-level-id=4d0032", new[] { 127 })]
    [InlineData("packetization-mode=1;profile-level-id=640c1f", new int[0])]
    [InlineData("packetization-mode=1;profile-level-id=640034", new[] { 112 })]
    [InlineData("packetization-mode=1", new[] { 102, 106, 127, 112 })]
    public void H264_matches_packetization_mode_and_profile_not_level(string parameters, int[] expected)
    {
        var options = new AnswerOptions
        {
            IceCredentials = Options().IceCredentials,
            Fingerprint = OurFingerprint,
            VideoCodecs = [new CodecCapability("H264", 90000, parameters: parameters)],
        };
        var video = Answer(SdpSamples.ChromeOffer, options).Media[1];

        Assert.Equal(expected, video.Codecs.Select(c => c.PayloadType));
    }

    [Fact]
    public void Vp9_profile_is_matched()
    {
        var options = new AnswerOptions
        {
            IceCredentials = Options().IceCredentials,
            Fingerprint = OurFingerprint,
            VideoCodecs = [new CodecCapability("VP9", 90000, parameters: "profile-id=2", withRtx: true)],
        };
        Assert.Equal(["100", "101"], Answer(SdpSamples.ChromeOffer, options).Media[1].Formats);
    }

    [Fact]
    public void No_codec_in_common_rejects_the_section()
    {
        var options = new AnswerOptions
        {
            IceCredentials = Options().IceCredentials,
            Fingerprint = OurFingerprint,
            VideoCodecs = [new CodecCapability("H265", 90000)],
        };
        var answer = SdpAnswerBuilder.Build(SdpParser.Parse(SdpSamples.ChromeOffer), options, out var rejections);

        Assert.Equal(0, answer.Media[1].Port);
        Assert.Empty(answer.Media[1].Codecs);
        Assert.Contains(new MediaRejection(1, "1", "no codec in common"), rejections);
        Assert.Equal(["0"], answer.BundleGroup!.Mids);
    }

    [Fact]
    public void Firefox_offer_with_session_level_fingerprint()
    {
        var options = new AnswerOptions
        {
            IceCredentials = Options().IceCredentials,
            Fingerprint = OurFingerprint,
            HeaderExtensions = [HeaderExtensionUris.SdesMid, HeaderExtensionUris.PlayoutDelay, "urn:ietf:params:rtp-hdrext:csrc-audio-level"],
        };
        var answer = Answer(SdpSamples.FirefoxOffer, options);

        Assert.Equal(["0", "1"], answer.BundleGroup!.Mids);
        Assert.Equal(["109"], answer.Media[0].Formats);
        Assert.Equal(["120", "124", "126", "127"], answer.Media[1].Formats);
        Assert.Equal(MediaDirection.SendRecv, answer.Media[1].Direction);
        // An extension the offerer only receives is one the answerer only sends.
        Assert.Equal(new ExtensionMap(6, HeaderExtensionUris.PlayoutDelay, MediaDirection.SendOnly), answer.Media[1].Extensions[1]);
        Assert.Equal(new ExtensionMap(2, "urn:ietf:params:rtp-hdrext:csrc-audio-level", MediaDirection.SendOnly), answer.Media[0].Extensions[0]);
        Assert.Equal(0, answer.Media[2].Port);
    }

    [Fact]
    public void Obs_offer_is_received_with_h264_and_opus()
    {
        var answer = Answer(SdpSamples.ObsWhipOffer);

        Assert.Equal(["0", "1"], answer.BundleGroup!.Mids);
        Assert.All(answer.Media, m => Assert.Equal(MediaDirection.RecvOnly, m.Direction));
        Assert.All(answer.Media, m => Assert.Equal(SetupRole.Passive, m.Setup));
        Assert.All(answer.Media, m => Assert.Empty(m.Msids));
        Assert.Equal(["111"], answer.Media[0].Formats);
        var h264 = Assert.Single(answer.Media[1].Codecs);
        Assert.Equal(96, h264.PayloadType);
        Assert.Equal([RtcpFeedback.Nack, RtcpFeedback.NackPli, RtcpFeedback.GoogRemb], h264.Feedback);
        Assert.Empty(answer.Media[1].Extensions);
        Assert.False(answer.Media[1].RtcpReducedSize);
    }

    [Fact]
    public void GStreamer_offer_with_upper_case_opus_and_named_mids()
    {
        var answer = Answer(SdpSamples.GStreamerWhipOffer);

        Assert.Equal(["video0", "audio1"], answer.BundleGroup!.Mids);
        Assert.Equal("OPUS", Assert.Single(answer.FindMedia("audio1")!.Codecs).Name);
        Assert.Equal([RtcpFeedback.Nack, RtcpFeedback.NackPli, RtcpFeedback.CcmFir], answer.FindMedia("video0")!.Codecs[0].Feedback);
    }

    [Fact]
    public void Passive_offer_gets_an_active_answer()
    {
        var answer = Answer(SdpSamples.FfmpegWhipOffer);

        Assert.All(answer.Media, m => Assert.Equal(SetupRole.Active, m.Setup));
        Assert.Equal("FFmpeg", SdpParser.Parse(SdpSamples.FfmpegWhipOffer).Origin.Username);
        Assert.Equal(["106"], answer.Media[1].Formats);
    }

    [Fact]
    public void Actpass_offer_can_get_an_active_answer_when_configured()
    {
        var answer = Answer(SdpSamples.ObsWhipOffer, new AnswerOptions
        {
            IceCredentials = Options().IceCredentials,
            Fingerprint = OurFingerprint,
            SetupWhenOfferIsActPass = SetupRole.Active,
        });
        Assert.All(answer.Media, m => Assert.Equal(SetupRole.Active, m.Setup));
    }

    [Fact]
    public void Ice_lite_can_be_off()
    {
        var answer = Answer(SdpSamples.ObsWhipOffer, new AnswerOptions
        {
            IceCredentials = Options().IceCredentials,
            Fingerprint = OurFingerprint,
            IceLite = false,
            EndOfCandidates = false,
            IceOptions = ["trickle"],
        });
        Assert.False(answer.IceLite);
        Assert.DoesNotContain("a=ice-lite", answer.ToString());
        Assert.All(answer.Media, m => Assert.Equal(["trickle"], m.IceOptions));
        Assert.All(answer.Media, m => Assert.False(m.EndOfCandidates));
    }

    [Fact]
    public void Application_chooses_direction_track_and_rejections_per_mid()
    {
        var options = new AnswerOptions
        {
            IceCredentials = Options().IceCredentials,
            Fingerprint = OurFingerprint,
            ChooseMedia = media => media.Mid switch
            {
                "0" => AnswerMediaChoice.Reject("audio is muted in this room"),
                _ => new AnswerMediaChoice
                {
                    Direction = MediaDirection.SendRecv,
                    SendTrack = new LocalTrack("room", "cam", "sfu", 1111, 2222),
                },
            },
        };
        var answer = SdpAnswerBuilder.Build(SdpParser.Parse(SdpSamples.FirefoxOffer), options, out var rejections);

        Assert.Equal(0, answer.Media[0].Port);
        Assert.Equal(new MediaRejection(0, "0", "audio is muted in this room"), rejections[0]);

        var video = answer.Media[1];
        Assert.Equal(MediaDirection.SendRecv, video.Direction);
        Assert.Equal(new Msid("room", "cam"), Assert.Single(video.Msids));
        Assert.Equal([1111u], video.GetMediaSsrcs());
        Assert.Equal(2222u, video.FindRtxSsrc(1111));
        Assert.Equal("sfu", video.GetSsrcAttribute(2222, SsrcAttribute.Cname));
        Assert.Equal("room cam", video.GetSsrcAttribute(1111, "msid"));
        Assert.Equal(["room"], answer.MsidSemantic!.Identifiers);
        Assert.Equal(["1"], answer.BundleGroup!.Mids);
    }

    [Fact]
    public void Wished_direction_is_fitted_to_the_offer()
    {
        var options = new AnswerOptions
        {
            IceCredentials = Options().IceCredentials,
            Fingerprint = OurFingerprint,
            ChooseMedia = _ => new AnswerMediaChoice { Direction = MediaDirection.SendRecv, SendTrack = new LocalTrack("s", "t", "c", 5) },
        };
        var answer = Answer(SdpSamples.ObsWhipOffer, options);

        // OBS only sends: the answer may only receive, and announces no track.
        Assert.All(answer.Media, m => Assert.Equal(MediaDirection.RecvOnly, m.Direction));
        Assert.All(answer.Media, m => Assert.Empty(m.Msids));
        Assert.All(answer.Media, m => Assert.Empty(m.SsrcAttributes));
    }

    [Fact]
    public void Section_without_rtcp_mux_is_rejected()
    {
        var answer = SdpAnswerBuilder.Build(
            SdpParser.Parse(SdpSamples.ObsWhipOffer.Replace("a=mid:1\r\na=sendonly\r\na=ssrc:2847102939 cname:obs-7d2e9a\r\na=rtcp-mux\r\n", "a=mid:1\r\na=sendonly\r\n")),
            Options(), out var rejections);

        Assert.Equal(0, answer.Media[1].Port);
        Assert.Equal("RTCP multiplexing (a=rtcp-mux) is required", Assert.Single(rejections).Reason);
    }

    [Fact]
    public void Plain_rtp_is_rejected()
    {
        var offer = SdpParser.Parse("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 5004 RTP/AVP 0\r\nc=IN IP4 0.0.0.0\r\na=mid:a\r\na=rtcp-mux\r\n");
        SdpAnswerBuilder.Build(offer, Options(), out var rejections);
        Assert.Equal("protocol 'RTP/AVP' is not DTLS-SRTP over UDP", Assert.Single(rejections).Reason);
    }

    [Fact]
    public void Section_rejected_in_the_offer_stays_rejected()
    {
        var offer = SdpParser.Parse(SdpSamples.ObsWhipOffer.Replace("m=video 9 ", "m=video 0 "));
        var answer = SdpAnswerBuilder.Build(offer, Options(), out var rejections);
        Assert.Equal(0, answer.Media[1].Port);
        Assert.Equal("the offer rejected it (port 0)", Assert.Single(rejections).Reason);
    }

    [Fact]
    public void Offer_without_mid_cannot_be_answered()
    {
        var offer = SdpParser.Parse(SdpSamples.ObsWhipOffer.Replace("a=mid:1\r\n", ""));
        var ex = Assert.Throws<SdpNegotiationException>(() => SdpAnswerBuilder.Build(offer, Options()));
        Assert.Contains("m-line 1 (video) has no a=mid", ex.Message);
    }

    [Fact]
    public void Offer_with_duplicated_mid_cannot_be_answered()
    {
        var offer = SdpParser.Parse(SdpSamples.ObsWhipOffer.Replace("a=mid:1\r\n", "a=mid:0\r\n"));
        var ex = Assert.Throws<SdpNegotiationException>(() => SdpAnswerBuilder.Build(offer, Options()));
        Assert.Contains("mid '0' is used by more than one m-line", ex.Message);
    }

    [Fact]
    public void Offer_without_ice_credentials_or_fingerprint_cannot_be_answered()
    {
        var noIce = SdpParser.Parse(SdpSamples.ObsWhipOffer.Replace("a=ice-pwd:8Hm7YV0Jc4AD3mSxCXoUj9\r\n", ""));
        Assert.Contains("no a=ice-ufrag/a=ice-pwd for mid '0'",
            Assert.Throws<SdpNegotiationException>(() => SdpAnswerBuilder.Build(noIce, Options())).Message);

        var noFingerprint = SdpParser.Parse(SdpSamples.FirefoxOffer.Replace("a=fingerprint:", "a=x-fingerprint:"));
        Assert.Contains("no a=fingerprint for mid '0'",
            Assert.Throws<SdpNegotiationException>(() => SdpAnswerBuilder.Build(noFingerprint, Options())).Message);
    }

    [Fact]
    public void Holdconn_cannot_be_answered()
    {
        var offer = SdpParser.Parse(SdpSamples.ObsWhipOffer.Replace("a=setup:actpass", "a=setup:holdconn"));
        Assert.Throws<SdpNegotiationException>(() => SdpAnswerBuilder.Build(offer, Options()));
    }

    [Fact]
    public void Answer_text_parses_back_to_the_same_model()
    {
        foreach (string sample in SdpSamples.All)
        {
            var answer = Answer(sample);
            ModelAssert.Equivalent(answer, SdpParser.Parse(answer.ToString()));
        }
    }

    [Fact]
    public void The_offer_is_left_untouched()
    {
        var offer = SdpParser.Parse(SdpSamples.ChromeOffer);
        string before = offer.ToString();

        var answer = SdpAnswerBuilder.Build(offer, Options());
        answer.Media[1].Codecs[0].Feedback.Clear();
        answer.Media[1].Codecs[0].Parameters.Set("x", "1");
        answer.Media[1].Rids[0].Restrictions.Set("max-fps", "1");
        answer.Media[1].Simulcast!.Recv[0].Alternatives.Clear();

        Assert.Equal(before, offer.ToString());
    }
}
