using System.Net;
using RtcLive.WebRtc.Echo;
using RtcLive.WebRtc.Sdp;
using RtcLive.WebRtc.Tests.Client;
using RtcLive.WebRtc.Tests.Sdp;

namespace RtcLive.WebRtc.Tests.Transport;

/// <summary>How the echo endpoint answers offers, without connecting anything.</summary>
public sealed class EchoEndpointTests
{
    [Fact]
    public void The_answer_announces_the_configured_address_for_nat_and_cloud_hosts()
    {
        using var server = new LoopbackEchoServer();
        using var echo = new EchoEndpoint(server.Mux, server.Certificate, IPAddress.Parse("203.0.113.7"));
        // A sendrecv m-line echoes onto itself, so a plain sendrecv offer is enough.
        string offer = SdpSamples.FirefoxOffer;
        echo.Accept(offer, out string answerSdp);
        var answer = SdpParser.Parse(answerSdp);

        Assert.True(answer.IceLite);
        var accepted = answer.Media.Where(m => !m.IsRejected).ToList();
        Assert.NotEmpty(accepted);
        Assert.All(accepted, m => Assert.Contains(m.Candidates, c => c.Contains($"203.0.113.7 {server.Mux.LocalEndPoint.Port} typ host")));
        Assert.All(accepted, m => Assert.Equal(SetupRole.Passive, answer.GetSetup(m)));
        Assert.Equal(1, echo.ActiveSessions);
    }

    [Fact]
    public void Malformed_sdp_is_refused_with_a_parse_error_and_creates_nothing()
    {
        using var server = new LoopbackEchoServer();
        var error = Assert.Throws<SdpParseException>(() => server.Echo.Accept("v=0\r\nthis is not sdp\r\n", out _));
        Assert.Contains("line", error.Message);
        Assert.Equal(0, server.Echo.ActiveSessions);
        Assert.Equal(0, server.Mux.SessionCount);
    }

    [Fact]
    public void An_offer_with_nothing_to_send_back_on_is_refused_clearly()
    {
        using var server = new LoopbackEchoServer();
        // OBS only sends: there is no receive m-line to echo onto.
        var error = Assert.Throws<EchoOfferException>(() => server.Echo.Accept(SdpSamples.ObsWhipOffer, out _));
        Assert.Contains("nothing to echo", error.Message);
        Assert.Equal(0, server.Mux.SessionCount);
    }
}
