using RtcLive.WebRtc.Sdp;

namespace RtcLive.WebRtc.Tests.Sdp;

/// <summary>The headless client peer's side: write an offer, have it answered, read the answer.</summary>
public class SdpOfferBuilderTests
{
    private static readonly SdpFingerprint ClientFingerprint =
        new("sha-256", "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99");

    private static readonly SdpFingerprint SfuFingerprint =
        new("sha-256", "10:20:30:40:50:60:70:80:90:A0:B0:C0:D0:E0:F0:01:10:20:30:40:50:60:70:80:90:A0:B0:C0:D0:E0:F0:01");

    private static OfferOptions PublisherOffer() => new()
    {
        IceCredentials = new SdpIceCredentials("cli1", "client-password-abcdefgh"),
        Fingerprint = ClientFingerprint,
        SessionId = "4242",
        Transceivers =
        [
            new OfferedTransceiver(MediaKind.Audio) { Track = new LocalTrack("st", "mic", "cn", 1000) },
            new OfferedTransceiver(MediaKind.Video, MediaDirection.SendOnly)
            {
                Track = new LocalTrack("st", "cam", "cn", 2000, 2001),
                SimulcastRids = ["q", "h", "f"],
            },
            new OfferedTransceiver(MediaKind.Video, MediaDirection.SendOnly) { Track = new LocalTrack("st", "screen", "cn", 3000, 3001) },
            new OfferedTransceiver(MediaKind.Video, MediaDirection.RecvOnly) { Mid = "viewer" },
        ],
    };

    [Fact]
    public void Offer_has_bundle_actpass_rtcp_mux_and_our_transport()
    {
        var offer = SdpOfferBuilder.Build(PublisherOffer());

        Assert.Equal(SdpOrigin.ForSession("4242", 1), offer.Origin);
        Assert.Equal(["0", "1", "2", "viewer"], offer.BundleGroup!.Mids);
        Assert.Equal(["st"], offer.MsidSemantic!.Identifiers);
        foreach (var media in offer.Media)
        {
            Assert.Equal(SetupRole.ActPass, media.Setup);
            Assert.True(media.RtcpMux);
            Assert.True(media.RtcpReducedSize);
            Assert.Equal("cli1", media.IceUfrag);
            Assert.Equal([ClientFingerprint], media.Fingerprints);
            Assert.Equal(SdpConnection.Unspecified, media.Connection);
            Assert.Equal(9, media.Port);
        }
    }

    [Fact]
    public void Offer_codecs_extensions_and_tracks()
    {
        var offer = SdpOfferBuilder.Build(PublisherOffer());
        var audio = offer.Media[0];
        var simulcast = offer.Media[1];
        var screen = offer.Media[2];
        var viewer = offer.Media[3];

        Assert.Equal(["111"], audio.Formats);
        Assert.Equal("opus/48000/2", audio.Codecs[0].RtpMap);
        Assert.Equal(1, audio.FindExtensionId(HeaderExtensionUris.AudioLevel));
        Assert.Equal(MediaDirection.SendRecv, audio.Direction);
        Assert.Equal(new Msid("st", "mic"), Assert.Single(audio.Msids));
        Assert.Equal([1000u], audio.GetSsrcs());

        Assert.Equal(["96", "97"], simulcast.Formats);
        Assert.Equal(96, simulcast.FindCodec(97)!.Apt);
        Assert.Equal(10, simulcast.FindExtensionId(HeaderExtensionUris.RtpStreamId));
        Assert.Equal(["q", "h", "f"], simulcast.Rids.Select(r => r.Id));
        Assert.Equal("send q;h;f", simulcast.Simulcast!.ToString());
        Assert.Empty(simulcast.GetSsrcs());
        Assert.Single(simulcast.Msids);

        Assert.Equal(3001u, screen.FindRtxSsrc(3000));
        Assert.Equal([3000u], screen.GetMediaSsrcs());

        Assert.Equal(MediaDirection.RecvOnly, viewer.Direction);
        Assert.Empty(viewer.Msids);
        Assert.Empty(viewer.GetSsrcs());
    }

    [Fact]
    public void Offer_round_trips_through_text()
    {
        var offer = SdpOfferBuilder.Build(PublisherOffer());
        ModelAssert.Equivalent(offer, SdpParser.Parse(offer.ToString()));
    }

    [Fact]
    public void Duplicated_mid_is_refused()
    {
        var options = new OfferOptions
        {
            IceCredentials = new SdpIceCredentials("u", "p"),
            Fingerprint = ClientFingerprint,
            Transceivers = [new OfferedTransceiver(MediaKind.Audio) { Mid = "x" }, new OfferedTransceiver(MediaKind.Video) { Mid = "x" }],
        };
        Assert.Throws<ArgumentException>(() => SdpOfferBuilder.Build(options));
    }

    [Fact]
    public void Data_transceivers_cannot_be_offered()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new OfferedTransceiver(MediaKind.Application));
    }

    [Fact]
    public void Answer_is_read_back_per_mid()
    {
        var offer = SdpOfferBuilder.Build(PublisherOffer());
        var sfu = new AnswerOptions
        {
            IceCredentials = new SdpIceCredentials("sfu9", "sfu-password-zyxwvuts"),
            Fingerprint = SfuFingerprint,
            Candidates = ["1 1 udp 2130706431 127.0.0.1 40000 typ host"],
            ChooseMedia = media => media.Mid == "viewer"
                ? new AnswerMediaChoice { SendTrack = new LocalTrack("presenter", "cam", "sfu", 0xCAFE, 0xBEEF) }
                : AnswerMediaChoice.AcceptAsOffered,
        };
        // The answer travels as text, as it would over WHIP or SignalR.
        var answer = SdpParser.Parse(SdpAnswerBuilder.Build(offer, sfu).ToString());

        foreach (var mid in new[] { "0", "1", "2", "viewer" })
        {
            var media = answer.FindMedia(mid)!;
            Assert.Equal(new SdpIceCredentials("sfu9", "sfu-password-zyxwvuts"), answer.GetIceCredentials(media));
            Assert.Equal([SfuFingerprint], answer.GetFingerprints(media));
            // The SFU is passive, so this client is the DTLS client.
            Assert.Equal(SetupRole.Passive, answer.GetSetup(media));
            Assert.False(answer.GetSetup(media)!.Value.IsDtlsClient());
            Assert.Equal(["1 1 udp 2130706431 127.0.0.1 40000 typ host"], media.Candidates);
        }
        Assert.True(answer.IceLite);

        var audio = answer.FindMedia("0")!;
        Assert.Equal("opus", Assert.Single(audio.Codecs).Name);
        Assert.Equal(4, answer.FindExtensionId(audio, HeaderExtensionUris.SdesMid));
        Assert.Equal(MediaDirection.SendRecv, answer.GetDirection(audio));

        var simulcast = answer.FindMedia("1")!;
        Assert.Equal(["VP8", "rtx"], simulcast.Codecs.Select(c => c.Name));
        Assert.Equal(["q", "h", "f"], simulcast.GetRids(RidDirection.Recv).Select(r => r.Id));
        Assert.Equal(MediaDirection.RecvOnly, answer.GetDirection(simulcast));

        var viewer = answer.FindMedia("viewer")!;
        Assert.Equal(MediaDirection.SendOnly, answer.GetDirection(viewer));
        Assert.Equal([0xCAFEu], viewer.GetMediaSsrcs());
        Assert.Equal(0xBEEFu, viewer.FindRtxSsrc(0xCAFE));
        Assert.Equal(new Msid("presenter", "cam"), Assert.Single(viewer.Msids));
        Assert.Equal(11, answer.FindExtensionId(viewer, HeaderExtensionUris.RepairedRtpStreamId));
    }

    [Fact]
    public void Custom_codecs_per_transceiver()
    {
        var options = new OfferOptions
        {
            IceCredentials = new SdpIceCredentials("u", "p"),
            Fingerprint = ClientFingerprint,
            Transceivers =
            [
                new OfferedTransceiver(MediaKind.Video, MediaDirection.SendOnly)
                {
                    Codecs = [DefaultCodecs.H264(), DefaultCodecs.Rtx(103, 102)],
                },
            ],
        };
        var offer = SdpOfferBuilder.Build(options);
        Assert.Equal(["102", "103"], offer.Media[0].Formats);

        var answer = SdpAnswerBuilder.Build(offer, new AnswerOptions
        {
            IceCredentials = new SdpIceCredentials("s", "q"),
            Fingerprint = SfuFingerprint,
        });
        Assert.Equal(["102", "103"], answer.Media[0].Formats);
        Assert.Equal("42e01f", answer.Media[0].Codecs[0].Parameters.Get("profile-level-id"));
    }
}
