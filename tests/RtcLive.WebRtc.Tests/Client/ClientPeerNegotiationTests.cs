using RtcLive.WebRtc.Client;
using RtcLive.WebRtc.Dtls;
using RtcLive.WebRtc.Ice;
using RtcLive.WebRtc.Sdp;

namespace RtcLive.WebRtc.Tests.Client;

/// <summary>What a client peer puts in its offer and what it reads back from an answer, without any traffic.</summary>
public sealed class ClientPeerNegotiationTests
{
    [Fact]
    public void The_offer_bundles_every_transceiver_with_our_candidate_and_announces_what_we_send()
    {
        using var client = new ClientPeer(new ClientPeerOptions { Cname = "load-42" });

        var offer = SdpParser.Parse(client.CreateOffer(
            new ClientTransceiver(MediaKind.Video) { Ssrc = 1111, RtxSsrc = 2222 },
            new ClientTransceiver(MediaKind.Audio, MediaDirection.RecvOnly),
            new ClientTransceiver(MediaKind.Video, MediaDirection.SendOnly) { Mid = "cam", SimulcastRids = ["q", "h", "f"] }));

        Assert.Equal(["0", "1", "cam"], offer.BundleGroup!.Mids);
        foreach (var section in offer.Media)
        {
            Assert.Equal(SetupRole.ActPass, offer.GetSetup(section));
            Assert.Equal(client.LocalIceCredentials.Ufrag, offer.GetIceCredentials(section)!.Ufrag);
            Assert.Equal(client.Fingerprint, offer.GetFingerprints(section)[0].ToString());
            var candidate = IceCandidate.Parse(Assert.Single(section.Candidates));
            Assert.Equal(("127.0.0.1", client.LocalEndPoint.Port, IceCandidateType.Host), (candidate.Address, candidate.Port, candidate.Type));
            Assert.True(section.EndOfCandidates);
        }

        var video = offer.Media[0];
        Assert.Equal([1111u], video.GetMediaSsrcs());
        Assert.Equal(2222u, video.FindRtxSsrc(1111));
        Assert.Equal("load-42", video.GetSsrcAttribute(1111, "cname"));
        Assert.Empty(offer.Media[1].GetSsrcs());
        Assert.Equal(MediaDirection.RecvOnly, offer.Media[1].Direction);
        var simulcast = offer.Media[2];
        Assert.Empty(simulcast.GetSsrcs());
        Assert.Equal(["q", "h", "f"], simulcast.GetRids(RidDirection.Send).Select(r => r.Id));
    }

    [Fact]
    public void Ssrcs_are_picked_for_sending_transceivers_that_name_none()
    {
        using var client = new ClientPeer();

        var offer = SdpParser.Parse(client.CreateOffer(new ClientTransceiver(MediaKind.Video), new ClientTransceiver(MediaKind.Audio, MediaDirection.SendOnly)));

        uint video = Assert.Single(offer.Media[0].GetMediaSsrcs());
        uint audio = Assert.Single(offer.Media[1].GetMediaSsrcs());
        Assert.NotEqual(video, audio);
        Assert.NotNull(offer.Media[0].FindRtxSsrc(video));
    }

    [Fact]
    public void The_answer_gives_payload_types_extension_ids_ssrcs_and_our_dtls_role()
    {
        using var client = new ClientPeer();
        var offer = SdpParser.Parse(client.CreateOffer(
            new ClientTransceiver(MediaKind.Video) { Ssrc = 1111, RtxSsrc = 2222 },
            new ClientTransceiver(MediaKind.Audio, MediaDirection.SendOnly) { Ssrc = 3333 },
            new ClientTransceiver(MediaKind.Video, MediaDirection.RecvOnly)));
        // A browser-like full-ICE answerer that opens DTLS itself and sends on the first m-line.
        var remoteCertificate = DtlsCertificate.Generate();
        var remoteIce = IceCredentials.Generate();
        var answer = SdpAnswerBuilder.Build(offer, new AnswerOptions
        {
            IceCredentials = new SdpIceCredentials(remoteIce.Ufrag, remoteIce.Password),
            Fingerprint = new SdpFingerprint("sha-256", remoteCertificate.Fingerprint["sha-256 ".Length..]),
            IceLite = false,
            SetupWhenOfferIsActPass = SetupRole.Active,
            Candidates = ["1 1 udp 2122260223 127.0.0.1 40000 typ host"],
            ChooseMedia = m => m.Mid == "0"
                ? new AnswerMediaChoice { SendTrack = new LocalTrack("s", "t", "c", 7777, 8888) }
                : m.Mid == "2" ? AnswerMediaChoice.Reject("no") : AnswerMediaChoice.AcceptAsOffered,
        });

        client.SetRemoteAnswer(answer.ToString());

        Assert.Equal(DtlsRole.Server, client.DtlsRole);
        Assert.False(client.RemoteIsIceLite);
        Assert.Equal(["0", "1"], client.Media.Select(m => m.Mid));
        Assert.Null(client.FindMedia("2"));

        var video = client.FindMedia("0")!;
        Assert.Equal(MediaDirection.SendRecv, video.Direction);
        Assert.Equal((byte)96, video.PayloadType);
        Assert.Equal((byte)97, video.RtxPayloadType);
        Assert.Equal((4, 10, 11, 2, 3, 0), ((int)video.MidExtensionId, (int)video.RidExtensionId, (int)video.RepairedRidExtensionId,
            (int)video.AbsSendTimeExtensionId, (int)video.TransportCcExtensionId, (int)video.AudioLevelExtensionId));
        Assert.Equal((1111u, 2222u), (video.LocalSsrc, video.LocalRtxSsrc));
        Assert.Equal([7777u], video.RemoteSsrcs);

        var audio = client.FindMedia("1")!;
        Assert.Equal(MediaDirection.SendOnly, audio.Direction);
        Assert.Equal(("opus", (byte)111, (byte)1, (byte)4), (audio.Codec.Name, audio.PayloadType, audio.AudioLevelExtensionId, audio.MidExtensionId));
        Assert.Null(audio.RtxPayloadType);
        Assert.Equal(3333u, audio.LocalSsrc);
        Assert.Empty(audio.RemoteSsrcs);
        Assert.Equal(4, audio.FindExtensionId(HeaderExtensionUris.SdesMid));
    }

    [Fact]
    public void A_passive_answer_makes_us_the_dtls_client()
    {
        using var client = new ClientPeer();
        var offer = SdpParser.Parse(client.CreateOffer(new ClientTransceiver(MediaKind.Audio)));
        var answer = SdpAnswerBuilder.Build(offer, new AnswerOptions
        {
            IceCredentials = new SdpIceCredentials("abcd", "abcdefghijklmnopqrstuvwx"),
            Fingerprint = new SdpFingerprint("sha-256", DtlsCertificate.Generate().Fingerprint["sha-256 ".Length..]),
        });

        client.SetRemoteAnswer(answer.ToString());

        Assert.Equal(DtlsRole.Client, client.DtlsRole);
        Assert.True(client.RemoteIsIceLite);
        Assert.Throws<InvalidOperationException>(() => client.SetRemoteAnswer(answer.ToString()));
    }

    [Fact]
    public void An_answer_without_ice_credentials_or_fingerprint_is_refused()
    {
        using var client = new ClientPeer();
        var offer = SdpParser.Parse(client.CreateOffer(new ClientTransceiver(MediaKind.Audio)));
        var answer = SdpAnswerBuilder.Build(offer, new AnswerOptions
        {
            IceCredentials = new SdpIceCredentials("abcd", "abcdefghijklmnopqrstuvwx"),
            Fingerprint = new SdpFingerprint("sha-256", DtlsCertificate.Generate().Fingerprint["sha-256 ".Length..]),
        });
        string text = answer.ToString();

        var noIce = Assert.Throws<SdpNegotiationException>(() => client.SetRemoteAnswer(text.Replace("a=ice-pwd:abcdefghijklmnopqrstuvwx\r\n", "")));
        Assert.Contains("ice-pwd", noIce.Message);
        var noFingerprint = Assert.Throws<SdpNegotiationException>(() => client.SetRemoteAnswer(
            string.Join("\r\n", text.Split("\r\n").Where(line => !line.StartsWith("a=fingerprint:", StringComparison.Ordinal)))));
        Assert.Contains("fingerprint", noFingerprint.Message);
        Assert.Equal(RtcLive.WebRtc.Transport.MediaTransportState.New, client.State);
    }
}
