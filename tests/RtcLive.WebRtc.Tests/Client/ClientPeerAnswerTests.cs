using System.Net;
using RtcLive.WebRtc.Client;
using RtcLive.WebRtc.Dtls;
using RtcLive.WebRtc.Ice;
using RtcLive.WebRtc.Sdp;
using RtcLive.WebRtc.Transport;

namespace RtcLive.WebRtc.Tests.Client;

/// <summary>
/// The client peer as answerer, the way a subscriber answers an SFU's offer: the offerer is ice-lite, we
/// control ICE and open DTLS (<c>a=setup:active</c>). The offerer here is the server's transport on the UDP mux.
/// </summary>
public sealed class ClientPeerAnswerTests
{
    private const uint ServerSsrc = 0x5F00_0001;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Answering_an_ice_lite_offer_connects_and_media_flows_both_ways()
    {
        await LoopbackEchoServer.WarmUpAsync();
        var certificate = DtlsCertificate.Generate();
        using var mux = new UdpMux(new UdpMuxOptions { Bind = new IPEndPoint(IPAddress.Loopback, 0) });
        mux.Start();
        var serverIce = IceCredentials.Generate();
        string offer = LiteOffer(serverIce, certificate, mux.LocalEndPoint);
        using var client = new ClientPeer();

        var answer = SdpParser.Parse(client.AcceptOffer(offer, new ClientAnswerOptions { Send = true }));

        var section = Assert.Single(answer.Media);
        Assert.False(answer.IceLite);
        Assert.Equal(SetupRole.Active, section.Setup);
        Assert.Equal(MediaDirection.SendRecv, section.Direction);
        Assert.Equal(client.LocalEndPoint.Port, IceCandidate.Parse(Assert.Single(section.Candidates)).Port);
        var video = Assert.Single(client.Media);
        Assert.Equal((byte)96, video.PayloadType);
        Assert.Equal((byte)97, video.RtxPayloadType);
        Assert.Equal([ServerSsrc], video.RemoteSsrcs);
        Assert.Equal(video.LocalSsrc, section.GetMediaSsrcs().Single());
        Assert.True(client.RemoteIsIceLite);
        Assert.Equal(DtlsRole.Client, client.DtlsRole);

        using var server = new WebRtcTransport(mux, certificate, serverIce, section.IceUfrag!,
            DtlsFingerprint.Parse(section.Fingerprints[0].ToString()));
        var atServer = new RecordingReceiver(video.MidExtensionId);
        server.Receiver = atServer;
        var atClient = new RecordingReceiver(video.MidExtensionId);
        client.Receiver = atClient;

        await client.ConnectAsync().WaitAsync(Timeout);
        Assert.True(SpinWait.SpinUntil(() => server.State == MediaTransportState.Connected, Timeout));

        byte[] packet = new byte[1500];
        for (ushort sequenceNumber = 1; sequenceNumber <= 50; sequenceNumber++)
        {
            Assert.True(server.SendRtp(packet.AsSpan(0, SyntheticRtp.Write(packet, video, ServerSsrc, sequenceNumber))));
            Assert.True(client.SendRtp(packet.AsSpan(0, SyntheticRtp.Write(packet, video, video.LocalSsrc!.Value, sequenceNumber))));
        }

        Assert.True(await atClient.WaitUntilAsync(r => r.Count("0") >= 50, Timeout), $"client got {atClient.Count("0")}");
        Assert.True(await atServer.WaitUntilAsync(r => r.Count("0") >= 50, Timeout), $"server got {atServer.Count("0")}");
        Assert.All(atClient.Snapshot(), p => Assert.True(p.PayloadIntact && p.Ssrc == ServerSsrc));
        Assert.All(atServer.Snapshot(), p => Assert.True(p.PayloadIntact && p.Ssrc == video.LocalSsrc));
    }

    [Fact]
    public void By_default_the_answer_only_receives()
    {
        var certificate = DtlsCertificate.Generate();
        using var client = new ClientPeer(new ClientPeerOptions { Certificate = certificate });
        string offer = LiteOffer(IceCredentials.Generate(), certificate, new IPEndPoint(IPAddress.Loopback, 9));

        var answer = SdpParser.Parse(client.AcceptOffer(offer));

        Assert.Equal(MediaDirection.RecvOnly, answer.Media[0].Direction);
        Assert.Empty(answer.Media[0].GetSsrcs());
        var video = Assert.Single(client.Media);
        Assert.Equal(MediaDirection.RecvOnly, video.Direction);
        Assert.Null(video.LocalSsrc);
    }

    [Fact]
    public void A_later_offer_of_the_same_session_renegotiates_and_one_that_restarts_ice_is_refused()
    {
        var certificate = DtlsCertificate.Generate();
        var ice = IceCredentials.Generate();
        var remote = new IPEndPoint(IPAddress.Loopback, 9);
        using var client = new ClientPeer(new ClientPeerOptions { Certificate = certificate });
        client.AcceptOffer(LiteOffer(ice, certificate, remote));
        var firstMedia = client.Media;

        var again = SdpParser.Parse(client.AcceptOffer(LiteOffer(ice, certificate, remote)));
        Assert.Equal(MediaDirection.RecvOnly, again.Media[0].Direction);
        Assert.NotSame(firstMedia, client.Media);
        Assert.Single(client.Media);

        var restart = Assert.Throws<SdpNegotiationException>(() => client.AcceptOffer(LiteOffer(IceCredentials.Generate(), certificate, remote)));
        Assert.Contains("restarts ICE", restart.Message);
        var newIdentity = Assert.Throws<SdpNegotiationException>(() => client.AcceptOffer(LiteOffer(ice, DtlsCertificate.Generate(), remote)));
        Assert.Contains("DTLS fingerprint", newIdentity.Message);
    }

    [Fact]
    public void An_offerer_cannot_take_an_offer_after_negotiating()
    {
        var certificate = DtlsCertificate.Generate();
        using var offerer = new ClientPeer();
        using var answerer = new ClientPeer(new ClientPeerOptions { Certificate = certificate });
        offerer.CreateOffer(new ClientTransceiver(MediaKind.Audio));
        offerer.SetRemoteAnswer(answerer.AcceptOffer(LiteOffer(IceCredentials.Generate(), certificate, new IPEndPoint(IPAddress.Loopback, 9))).Replace("a=setup:active", "a=setup:passive"));

        var refused = Assert.Throws<InvalidOperationException>(() => offerer.AcceptOffer(LiteOffer(IceCredentials.Generate(), certificate, new IPEndPoint(IPAddress.Loopback, 9))));
        Assert.Contains("already negotiated", refused.Message);
    }

    [Fact]
    public void An_offer_from_a_full_ice_agent_is_refused_because_the_agent_only_controls()
    {
        using var offerer = new ClientPeer();
        using var answerer = new ClientPeer();
        string offer = offerer.CreateOffer(new ClientTransceiver(MediaKind.Audio));

        var error = Assert.Throws<SdpNegotiationException>(() => answerer.AcceptOffer(offer));

        Assert.Contains("controlling", error.Message);
        Assert.Equal(MediaTransportState.New, answerer.State);
    }

    /// <summary>What an SFU sending one video track to a subscriber offers: ice-lite, sendrecv here so the answer may send too.</summary>
    private static string LiteOffer(IceCredentials ice, DtlsCertificate certificate, IPEndPoint candidate)
    {
        var host = new IceCandidate
        {
            Foundation = "1",
            Priority = IceCandidatePriority.Compute(IceCandidateType.Host, 65535, 1),
            Address = candidate.Address.ToString(),
            Port = candidate.Port,
            Type = IceCandidateType.Host,
        };
        string fingerprint = certificate.Fingerprint;
        var offer = SdpOfferBuilder.Build(new OfferOptions
        {
            IceCredentials = new SdpIceCredentials(ice.Ufrag, ice.Password),
            Fingerprint = new SdpFingerprint(fingerprint[..fingerprint.IndexOf(' ')], fingerprint[(fingerprint.IndexOf(' ') + 1)..]),
            Transceivers = [new OfferedTransceiver(MediaKind.Video) { Track = new LocalTrack("sfu", "presenter-camera", "sfu", ServerSsrc) }],
            Candidates = [host.ToString()["candidate:".Length..]],
            EndOfCandidates = true,
        });
        offer.IceLite = true;
        return offer.ToString();
    }
}
