using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;
using RtcLive.Signaling.Auth;
using RtcLive.Signaling.Tests.Hubs;
using RtcLive.WebRtc.Client;
using RtcLive.WebRtc.Sdp;

namespace RtcLive.Signaling.Tests.Whip;

/// <summary>
/// WHIP ingest and WHEP playback over real HTTP and real UDP on loopback, with the headless client peer playing
/// OBS (sending simulcast VP8 and Opus) and a WHEP player (receive-only, arriving before the presenter).
/// </summary>
public sealed class WhipWhepTests
{
    [Fact]
    public async Task A_whep_viewer_that_arrives_first_plays_what_a_whip_encoder_publishes()
    {
        await using var host = await SignalingTestHost.StartAsync();
        using var player = new ClientPeer();
        var received = new ReceivedMedia();
        player.Receiver = received;
        using var playResponse = await PostSdpAsync(host, "/whep/studio", player.CreateOffer(
            new ClientTransceiver(MediaKind.Video, MediaDirection.RecvOnly),
            new ClientTransceiver(MediaKind.Audio, MediaDirection.RecvOnly)));
        Assert.Equal(HttpStatusCode.Created, playResponse.StatusCode);
        Assert.Equal("application/sdp", playResponse.Content.Headers.ContentType?.MediaType);
        string playLocation = playResponse.Headers.Location!.OriginalString;
        Assert.StartsWith("/whep/studio/", playLocation);
        player.SetRemoteAnswer(await playResponse.Content.ReadAsStringAsync());
        await player.ConnectAsync().WaitAsync(SignalingTestHost.Timeout);

        using var encoder = new ClientPeer();
        using var publishResponse = await PostSdpAsync(host, "/whip/studio", encoder.CreateOffer(
            new ClientTransceiver(MediaKind.Video, MediaDirection.SendOnly) { SimulcastRids = ["q", "h", "f"] },
            new ClientTransceiver(MediaKind.Audio, MediaDirection.SendOnly)));
        Assert.Equal(HttpStatusCode.Created, publishResponse.StatusCode);
        string publishLocation = publishResponse.Headers.Location!.OriginalString;
        Assert.Matches("^/whip/studio/whip-[0-9]+$", publishLocation);
        encoder.SetRemoteAnswer(await publishResponse.Content.ReadAsStringAsync());
        await encoder.ConnectAsync().WaitAsync(SignalingTestHost.Timeout);

        var video = encoder.FindMedia("0")!;
        var audio = encoder.FindMedia("1")!;
        using var stop = new CancellationTokenSource();
        var sending = new SyntheticPresenterMedia(encoder, video, audio).RunAsync(stop.Token);
        var playedVideo = player.FindMedia("0")!;
        var playedAudio = player.FindMedia("1")!;
        var deadline = DateTime.UtcNow + SignalingTestHost.Timeout;
        while ((received.Packets(playedVideo.PayloadType) < 10 || received.Packets(playedAudio.PayloadType) < 10) && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        stop.Cancel();
        await sending;
        Assert.True(received.Packets(playedVideo.PayloadType) >= 10, $"video packets played: {received.Packets(playedVideo.PayloadType)}");
        Assert.True(received.Packets(playedAudio.PayloadType) >= 10, $"audio packets played: {received.Packets(playedAudio.PayloadType)}");

        using (var delete = await host.Http.DeleteAsync(publishLocation)) Assert.True(delete.StatusCode == HttpStatusCode.OK, await delete.Content.ReadAsStringAsync());
        using (var again = await host.Http.DeleteAsync(publishLocation)) Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        using (var deletePlay = await host.Http.DeleteAsync(playLocation)) Assert.Equal(HttpStatusCode.OK, deletePlay.StatusCode);
    }

    [Fact]
    public async Task Whip_and_whep_answers_carry_the_ice_servers_with_fresh_turn_credentials()
    {
        await using var host = await SignalingTestHost.StartAsync(extra: new Dictionary<string, string?>
        {
            ["RtcLive:Turn:Urls:0"] = "stun:stun.example.com:3478",
            ["RtcLive:Turn:Urls:1"] = "turn:turn.example.com:3478?transport=tcp",
            ["RtcLive:Turn:Secret"] = "whip-test-turn-secret-0123",
        });
        using var player = new ClientPeer();
        using var response = await PostSdpAsync(host, "/whep/studio", player.CreateOffer(new ClientTransceiver(MediaKind.Video, MediaDirection.RecvOnly)));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var links = response.Headers.GetValues("Link").ToList();
        Assert.Contains("<stun:stun.example.com:3478>; rel=\"ice-server\"", links);
        string turn = Assert.Single(links, l => l.StartsWith("<turn:turn.example.com:3478?transport=tcp>; rel=\"ice-server\"", StringComparison.Ordinal));
        Assert.Matches("; username=\"[0-9]+:whep-[0-9]+\"; credential=\"[A-Za-z0-9+/=]{28}\"; credential-type=\"password\"$", turn);

        using var encoder = new ClientPeer();
        using var publish = await PostSdpAsync(host, "/whip/studio", encoder.CreateOffer(new ClientTransceiver(MediaKind.Video, MediaDirection.SendOnly)));
        Assert.Equal(HttpStatusCode.Created, publish.StatusCode);
        Assert.Contains(publish.Headers.GetValues("Link"), l => l.Contains("username=\"", StringComparison.Ordinal) && l.Contains(":whip-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_requests_get_clear_http_errors_and_nothing_joins()
    {
        await using var host = await SignalingTestHost.StartAsync(devTokens: false);
        using var peer = new ClientPeer();
        string offer = peer.CreateOffer(new ClientTransceiver(MediaKind.Video, MediaDirection.SendOnly));

        using (var noToken = await PostSdpAsync(host, "/whip/studio", offer))
            Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        using (var forged = await PostSdpAsync(host, "/whip/studio", offer, "eyJhbGciOiJIUzI1NiJ9.eyJyb29tIjoic3R1ZGlvIn0.AAAA"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
            Assert.Contains("invalid_token", forged.Headers.WwwAuthenticate.ToString());
        }

        string viewerToken = IssueToken(host, "studio", "val", "viewer");
        using (var viewer = await PostSdpAsync(host, "/whip/studio", offer, viewerToken))
        {
            Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
            Assert.Contains("viewer may not publish", await viewer.Content.ReadAsStringAsync());
        }

        string presenterToken = IssueToken(host, "studio", "obs", "presenter");
        using (var malformed = await PostSdpAsync(host, "/whip/studio", "v=0\r\nnot sdp at all\r\n", presenterToken))
        {
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
            Assert.Contains("malformed SDP", await malformed.Content.ReadAsStringAsync());
        }

        var wrongType = new HttpRequestMessage(HttpMethod.Post, "/whip/studio") { Content = new StringContent(offer, Encoding.UTF8, "text/plain") };
        wrongType.Headers.Authorization = new AuthenticationHeaderValue("Bearer", presenterToken);
        using (var response = await host.Http.SendAsync(wrongType))
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);

        var patch = new HttpRequestMessage(HttpMethod.Patch, "/whip/studio/obs") { Content = new StringContent("a=candidate:x", Encoding.UTF8, "application/trickle-ice-sdpfrag") };
        patch.Headers.Authorization = new AuthenticationHeaderValue("Bearer", presenterToken);
        using (var response = await host.Http.SendAsync(patch))
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
            Assert.Contains("DELETE", response.Content.Headers.Allow);
        }

        var preflight = new HttpRequestMessage(HttpMethod.Options, "/whip/studio");
        preflight.Headers.Add("Origin", "https://studio.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        using (var response = await host.Http.SendAsync(preflight))
        {
            Assert.True(response.IsSuccessStatusCode, $"preflight: {(int)response.StatusCode}");
            Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        }
    }

    /// <summary>A genuine token, signed with the test host's secret as the operator's token service would sign it.</summary>
    private static string IssueToken(SignalingTestHost host, string room, string name, string role)
    {
        Assert.True(RoomRoles.TryParse(role, out var parsed));
        var issuer = new RoomTokenService(Options.Create(new TokenOptions { Secret = SignalingTestHost.Secret, Issuer = "rtclive" }), TimeProvider.System);
        return issuer.Issue(new RoomClaims(room, name, name, parsed));
    }

    private static async Task<HttpResponseMessage> PostSdpAsync(SignalingTestHost host, string path, string sdp, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(sdp, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/sdp");
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await host.Http.SendAsync(request);
    }
}
