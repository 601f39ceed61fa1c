using System.Net;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Options;
using RtcLive.Sfu.Sessions;
using RtcLive.Signaling.Auth;
using RtcLive.Signaling.Hubs.Contracts;
using RtcLive.WebRtc.Client;
using RtcLive.WebRtc.Sdp;
using RtcLive.WebRtc.Transport;

namespace RtcLive.Signaling.Tests.Hubs;

/// <summary>
/// The room hub of the real app: SignalR clients join, publish and subscribe, and headless client peers carry
/// real ICE, DTLS and SRTP to the embedded SFU node over loopback.
/// </summary>
public sealed class RoomHubTests
{
    private const string Room = "math";

    [Fact]
    public async Task A_viewer_receives_the_presenters_simulcast_video_and_audio_and_chooses_a_layer()
    {
        await using var host = await SignalingTestHost.StartAsync();
        var presenter = await host.ConnectAsync(Room, await host.DevTokenAsync(Room, "alice", "presenter"));
        var presenterJoin = await presenter.JoinAsync(new JoinRequest { Room = Room });
        Assert.Equal(new ParticipantInfo("alice", "alice", "presenter"), presenterJoin.Self);
        Assert.Equal("local", presenterJoin.Node);

        using var publisherPeer = new ClientPeer();
        string offer = publisherPeer.CreateOffer(
            new ClientTransceiver(MediaKind.Video, MediaDirection.SendOnly) { SimulcastRids = ["q", "h", "f"] },
            new ClientTransceiver(MediaKind.Audio, MediaDirection.SendOnly));
        string answer = await presenter.PublishAsync(offer, new PublishedTrack("0", "camera"), new PublishedTrack("1", "microphone"));
        publisherPeer.SetRemoteAnswer(answer);
        await publisherPeer.ConnectAsync().WaitAsync(SignalingTestHost.Timeout);

        var viewer = await host.ConnectAsync(Room, await host.DevTokenAsync(Room, "bob", "viewer"));
        var viewerJoin = await viewer.JoinAsync(new JoinRequest { Room = Room });
        Assert.Equal("viewer", viewerJoin.Self.Role);
        Assert.Contains(viewerJoin.Participants, p => p.Id == "alice" && p.Role == "presenter");
        var camera = Assert.Single(viewerJoin.Tracks, t => t.Source == "camera");
        Assert.Equal(["q", "h", "f"], camera.Rids);
        Assert.Contains(viewerJoin.Tracks, t => t.Source == "microphone" && t.Kind == "audio");

        var subscriberOffer = await viewer.NextOfferAsync();
        var videoTrack = Assert.Single(subscriberOffer.Tracks, t => t.Kind == "video");
        var audioTrack = Assert.Single(subscriberOffer.Tracks, t => t.Kind == "audio");
        Assert.Equal(("alice", "camera", camera.TrackId), (videoTrack.ParticipantId, videoTrack.Source, videoTrack.TrackId));
        Assert.Equal(("alice", "microphone"), (audioTrack.ParticipantId, audioTrack.Source));

        var received = new ReceivedMedia();
        using var viewerPeer = new ClientPeer();
        viewerPeer.Receiver = received;
        await viewer.AnswerSubscriptionAsync(viewerPeer.AcceptOffer(subscriberOffer.Sdp));
        await viewerPeer.ConnectAsync().WaitAsync(SignalingTestHost.Timeout);
        byte videoPt = viewerPeer.FindMedia(videoTrack.Mid)!.PayloadType;
        byte audioPt = viewerPeer.FindMedia(audioTrack.Mid)!.PayloadType;

        using var sending = new CancellationTokenSource();
        var media = new SyntheticPresenterMedia(publisherPeer, publisherPeer.FindMedia("0")!, publisherPeer.FindMedia("1")!);
        var sender = media.RunAsync(sending.Token);
        try
        {
            Assert.True(await WaitUntilAsync(() => received.Packets(videoPt) >= 20 && received.Packets(audioPt) >= 20),
                $"viewer got {received.Packets(videoPt)} video and {received.Packets(audioPt)} audio packets");

            await viewer.SetLayerAsync("q");
            StatsResult? stats = null;
            Assert.True(await WaitUntilAsync(async () =>
            {
                stats = await viewer.GetStatsAsync();
                return stats.Tracks.Any(t => t.Kind == "video" && t.Rid == "q") && received.LastMarker(videoPt) == 0;
            }), $"layer after SetLayer(q): {stats?.Tracks.FirstOrDefault(t => t.Kind == "video")?.Rid}, last packet's layer {received.LastMarker(videoPt)}");
            Assert.Equal("local", stats!.Node);
            var receivedVideo = Assert.Single(stats.Tracks, t => t.Kind == "video");
            Assert.Equal(("alice", "camera"), (receivedVideo.ParticipantId, receivedVideo.Source));
            Assert.True(receivedVideo.PacketsSent > 0);
            // The node's side of the join: every step, listed in order, and each chain of steps at non-decreasing times
            // (keyframes are asked for right after DTLS, and a packet may go out a moment before that request).
            Assert.Equal(SubscriberJoinTimeline.Steps, stats.Join.Select(s => s.Step).ToArray());
            var at = stats.Join.ToDictionary(s => s.Step, s => s.At);
            foreach (string[] chain in new[]
                     {
                         new[] { "node-joined", "offer-made", "answer-applied", "ice-checked", "dtls-connected", "first-video-sent" },
                         new[] { "dtls-connected", "keyframe-requested" },
                     })
                for (int i = 1; i < chain.Length; i++)
                    Assert.True(at[chain[i]] >= at[chain[i - 1]], $"{chain[i]} at {at[chain[i]]} before {chain[i - 1]} at {at[chain[i - 1]]}");

            await viewer.SetLayerAsync("f");
            Assert.True(await WaitUntilAsync(async () => (await viewer.GetStatsAsync()).Tracks.Any(t => t.Kind == "video" && t.Rid == "f")),
                "the full layer never came");

            string metrics = await host.Http.GetStringAsync("/metrics");
            foreach (string name in new[]
            {
                "rtclive_rooms", "rtclive_participants{role=\"viewer\"}", "rtclive_tracks{kind=\"video\"}", "rtclive_rtp_packets_received_total",
                "rtclive_rtp_bytes_forwarded_total", "rtclive_nack_received_total", "rtclive_rtx_sent_total", "rtclive_pli_sent_total",
                "rtclive_simulcast_switches_total", "rtclive_transport_failures_total",
            })
                Assert.Contains("\n" + name + " ", metrics);
            Assert.True(MetricValue(metrics, "rtclive_rtp_packets_forwarded_total") > 0, "nothing counted as forwarded");
            // Forwarding happens on the media port's receive thread, whose sends leave in sendmmsg batches.
            if (UdpBatchSender.IsSupported)
            {
                Assert.True(MetricValue(metrics, "rtclive_udp_send_batches_total") > 0, "no sendmmsg batch counted");
                Assert.True(MetricValue(metrics, "rtclive_udp_batched_datagrams_total") >= MetricValue(metrics, "rtclive_udp_send_batches_total"));
            }
            Assert.True(MetricValue(metrics, "rtclive_simulcast_switches_total") >= 1, "the switch to q was not counted");
            Assert.True(MetricValue(metrics, "rtclive_subscriber_join_step_seconds_count{step=\"first-video-sent\"}") >= 1,
                "the viewer's join breakdown was not observed");
            Assert.Equal("ready\n", await host.Http.GetStringAsync("/readyz"));
        }
        finally
        {
            await sending.CancelAsync();
            await sender.WaitAsync(SignalingTestHost.Timeout);
        }
    }

    [Fact]
    public async Task A_presenter_unpublishes_a_track_by_offering_it_inactive_and_viewers_keep_the_rest()
    {
        await using var host = await SignalingTestHost.StartAsync();
        var presenter = await host.ConnectAsync(Room, await host.DevTokenAsync(Room, "alice", "presenter"));
        await presenter.JoinAsync(new JoinRequest { Room = Room });
        using var publisherPeer = new ClientPeer();
        string offer = publisherPeer.CreateOffer(
            new ClientTransceiver(MediaKind.Video, MediaDirection.SendOnly),
            new ClientTransceiver(MediaKind.Audio, MediaDirection.SendOnly));
        publisherPeer.SetRemoteAnswer(await presenter.PublishAsync(offer, new PublishedTrack("0", "camera"), new PublishedTrack("1", "microphone")));
        await publisherPeer.ConnectAsync().WaitAsync(SignalingTestHost.Timeout);

        var viewer = await host.ConnectAsync(Room, await host.DevTokenAsync(Room, "bob", "viewer"));
        await viewer.JoinAsync(new JoinRequest { Room = Room });
        var first = await viewer.NextOfferAsync();
        Assert.Equal(["audio", "video"], first.Tracks.Select(t => t.Kind).Order());
        var received = new ReceivedMedia();
        using var viewerPeer = new ClientPeer { Receiver = received };
        await viewer.AnswerSubscriptionAsync(viewerPeer.AcceptOffer(first.Sdp));
        await viewerPeer.ConnectAsync().WaitAsync(SignalingTestHost.Timeout);
        var camera = first.Tracks.Single(t => t.Kind == "video");

        // What a browser offers after removing its camera track: the same session, that m-line now inactive.
        string withoutCamera = InactivateMid(offer, "0");
        string reanswer = await presenter.PublishAsync(withoutCamera, new PublishedTrack("0", "camera"), new PublishedTrack("1", "microphone"));
        // The node stops receiving that m-line (it rejects it: the browser may recycle it for a later track).
        Assert.StartsWith("m=video 0 ", reanswer.Split("\r\n").Single(l => l.StartsWith("m=video", StringComparison.Ordinal)));

        var gone = await viewer.NextTrackUnpublishedAsync();
        Assert.Equal((camera.TrackId, "camera"), (gone.TrackId, gone.Source));
        var second = await viewer.NextOfferAsync();
        await viewer.AnswerSubscriptionAsync(viewerPeer.AcceptOffer(second.Sdp));
        var audio = Assert.Single(second.Tracks);
        Assert.Equal("microphone", audio.Source);

        using var sending = new CancellationTokenSource();
        var media = new SyntheticPresenterMedia(publisherPeer, publisherPeer.FindMedia("0")!, publisherPeer.FindMedia("1")!);
        var sender = media.RunAsync(sending.Token);
        try
        {
            byte audioPt = viewerPeer.FindMedia(audio.Mid)!.PayloadType;
            Assert.True(await WaitUntilAsync(() => received.Packets(audioPt) >= 20), $"viewer got {received.Packets(audioPt)} audio packets after the unpublish");
            var stats = await viewer.GetStatsAsync();
            Assert.DoesNotContain(stats.Tracks, t => t.Kind == "video");
        }
        finally
        {
            await sending.CancelAsync();
            await sender.WaitAsync(SignalingTestHost.Timeout);
        }
    }

    /// <summary>The offer with one m-line's direction turned to inactive, as JSEP renegotiation does when a track is removed.</summary>
    private static string InactivateMid(string offer, string mid)
    {
        var sections = offer.Split("m=");
        for (int i = 1; i < sections.Length; i++)
            if (sections[i].Contains($"a=mid:{mid}\r\n"))
                sections[i] = sections[i].Replace("a=sendonly", "a=inactive").Replace("a=sendrecv", "a=inactive");
        return string.Join("m=", sections);
    }

    [Fact]
    public async Task A_viewer_that_publishes_is_refused_with_an_error_naming_its_role()
    {
        await using var host = await SignalingTestHost.StartAsync();
        var viewer = await host.ConnectAsync(Room, await host.DevTokenAsync(Room, "bob", "viewer"));
        await viewer.JoinAsync(new JoinRequest { Room = Room });

        using var peer = new ClientPeer();
        string offer = peer.CreateOffer(new ClientTransceiver(MediaKind.Video, MediaDirection.SendOnly));
        var refused = await Assert.ThrowsAsync<HubException>(() => viewer.PublishAsync(offer, new PublishedTrack("0", "camera")));

        Assert.Contains("a viewer may not publish", refused.Message);
        Assert.Equal("local", (await viewer.GetStatsAsync()).Node);
    }

    [Fact]
    public async Task In_dev_mode_a_connection_without_token_joins_with_the_name_and_role_it_asks_for()
    {
        await using var host = await SignalingTestHost.StartAsync();
        var client = await host.ConnectAsync(Room, token: null);

        var joined = await client.JoinAsync(new JoinRequest { Room = Room, Name = "Ada L", Role = "Speaker" });

        Assert.Equal(new ParticipantInfo("Ada L", "Ada L", "speaker"), joined.Self);
        var bad = await Assert.ThrowsAsync<HubException>(() => client.JoinAsync(new JoinRequest { Room = Room, Name = "Ada L", Role = "admin" }));
        Assert.Contains("role must be one of presenter, speaker, viewer, moderator", bad.Message);
    }

    [Fact]
    public async Task A_forged_token_gets_401_at_negotiate_and_a_hub_error_on_join()
    {
        await using var host = await SignalingTestHost.StartAsync();
        string forged = ForeignIssuer().Issue(new RoomClaims(Room, "mallory", "Mallory", RoomRole.Presenter));

        var negotiate = await Assert.ThrowsAsync<HttpRequestException>(() => host.ConnectAsync(Room, forged));
        Assert.Equal(HttpStatusCode.Unauthorized, negotiate.StatusCode);

        string otherRoom = await host.DevTokenAsync("physics", "mallory", "presenter");
        var wrongRoom = await Assert.ThrowsAsync<HttpRequestException>(() => host.ConnectAsync(Room, otherRoom));
        Assert.Equal(HttpStatusCode.Unauthorized, wrongRoom.StatusCode);

        var client = await host.ConnectAsync(Room, token: null);
        var join = await Assert.ThrowsAsync<HubException>(() => client.JoinAsync(new JoinRequest { Room = Room, Token = forged }));
        Assert.Contains(RoomTokenErrors.BadSignature, join.Message);
        var other = await Assert.ThrowsAsync<HubException>(() => client.JoinAsync(new JoinRequest { Room = Room, Token = otherRoom }));
        Assert.Contains(RoomTokenErrors.OtherRoom, other.Message);
        // Nothing was joined: the connection is not in the room.
        var stats = await Assert.ThrowsAsync<HubException>(() => client.GetStatsAsync());
        Assert.Contains("join a room first", stats.Message);
    }

    [Fact]
    public async Task Without_dev_tokens_a_connection_needs_a_token()
    {
        await using var host = await SignalingTestHost.StartAsync(devTokens: false);

        var missing = await Assert.ThrowsAsync<HttpRequestException>(() => host.ConnectAsync(Room, token: null));

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
    }

    [Fact]
    public async Task Joining_again_with_the_same_name_replaces_the_first_session_at_once()
    {
        await using var host = await SignalingTestHost.StartAsync();
        var first = await host.ConnectAsync(Room, await host.DevTokenAsync(Room, "carol", "viewer"));
        await first.JoinAsync(new JoinRequest { Room = Room });
        var watcher = await host.ConnectAsync(Room, await host.DevTokenAsync(Room, "dave", "viewer"));
        await watcher.JoinAsync(new JoinRequest { Room = Room });

        var second = await host.ConnectAsync(Room, await host.DevTokenAsync(Room, "carol", "viewer"));
        var joined = await second.JoinAsync(new JoinRequest { Room = Room });

        var replaced = await first.NextSessionReplacedAsync();
        Assert.Equal((Room, "carol"), (replaced.Room, replaced.ParticipantId));
        Assert.Single(joined.Participants, p => p.Id == "carol");
        var gone = await Assert.ThrowsAsync<HubException>(() => first.GetStatsAsync());
        Assert.Contains("join a room first", gone.Message);
        Assert.Equal("local", (await second.GetStatsAsync()).Node);

        // The old connection closing does not end the session that replaced it.
        await first.Connection.StopAsync().WaitAsync(SignalingTestHost.Timeout);
        await Task.Delay(200);
        Assert.Equal("local", (await second.GetStatsAsync()).Node);
        Assert.False(watcher.HasSessionReplaced);
    }

    [Fact]
    public async Task Malformed_SDP_gets_a_hub_error_and_the_connection_lives_on()
    {
        await using var host = await SignalingTestHost.StartAsync();
        var presenter = await host.ConnectAsync(Room, await host.DevTokenAsync(Room, "alice", "presenter"));
        await presenter.JoinAsync(new JoinRequest { Room = Room });

        var publish = await Assert.ThrowsAsync<HubException>(() => presenter.PublishAsync("this is not SDP\r\n", new PublishedTrack("0", "camera")));
        Assert.Contains("malformed SDP: ", publish.Message);
        var answer = await Assert.ThrowsAsync<HubException>(() => presenter.AnswerSubscriptionAsync("m=nonsense"));
        Assert.Contains("malformed SDP: ", answer.Message);

        using var peer = new ClientPeer();
        string offer = peer.CreateOffer(new ClientTransceiver(MediaKind.Audio, MediaDirection.SendOnly));
        string sdp = await presenter.PublishAsync(offer, new PublishedTrack("0", "microphone"));
        Assert.StartsWith("v=0", sdp);
        Assert.Equal(HubConnectionState.Connected, presenter.Connection.State);
    }

    [Fact]
    public async Task Bad_arguments_get_hub_errors_saying_what_is_allowed()
    {
        await using var host = await SignalingTestHost.StartAsync();
        var viewer = await host.ConnectAsync(Room, await host.DevTokenAsync(Room, "bob", "viewer"));
        await viewer.JoinAsync(new JoinRequest { Room = Room });
        var presenter = await host.ConnectAsync(Room, await host.DevTokenAsync(Room, "alice", "presenter"));
        await presenter.JoinAsync(new JoinRequest { Room = Room });
        using var peer = new ClientPeer();
        string offer = peer.CreateOffer(new ClientTransceiver(MediaKind.Video, MediaDirection.SendOnly));

        var layer = await Assert.ThrowsAsync<HubException>(() => viewer.SetLayerAsync("best"));
        var source = await Assert.ThrowsAsync<HubException>(() => presenter.PublishAsync(offer, new PublishedTrack("0", "webcam")));

        Assert.Contains("unknown layer 'best' (q, h, f, auto)", layer.Message);
        Assert.Contains("unknown track source 'webcam'", source.Message);
    }

    [Fact]
    public async Task A_message_over_64_KiB_closes_the_connection()
    {
        await using var host = await SignalingTestHost.StartAsync();
        var client = await host.ConnectAsync(Room, await host.DevTokenAsync(Room, "alice", "presenter"));
        await client.JoinAsync(new JoinRequest { Room = Room });
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Connection.Closed += e =>
        {
            closed.TrySetResult(e);
            return Task.CompletedTask;
        };

        _ = client.Connection.SendAsync("AnswerSubscription", new string('a', 70 * 1024));

        await closed.Task.WaitAsync(SignalingTestHost.Timeout);
        Assert.Equal(HubConnectionState.Disconnected, client.Connection.State);
    }

    [Fact]
    public async Task Leaving_tells_the_room_and_the_connection_may_join_again()
    {
        await using var host = await SignalingTestHost.StartAsync();
        var alice = await host.ConnectAsync(Room, await host.DevTokenAsync(Room, "alice", "presenter"));
        await alice.JoinAsync(new JoinRequest { Room = Room });
        var bob = await host.ConnectAsync(Room, await host.DevTokenAsync(Room, "bob", "viewer"));
        await bob.JoinAsync(new JoinRequest { Room = Room });
        Assert.Equal("bob", (await alice.NextParticipantJoinedAsync()).Id);

        await bob.LeaveAsync();
        await Assert.ThrowsAsync<HubException>(() => bob.GetStatsAsync());
        await bob.JoinAsync(new JoinRequest { Room = Room });

        Assert.Equal("bob", (await alice.NextParticipantJoinedAsync()).Id);
    }

    [Fact]
    public async Task An_expired_token_on_join_gets_a_hub_error()
    {
        await using var host = await SignalingTestHost.StartAsync();
        var pastIssuer = new RoomTokenService(Options.Create(new TokenOptions { Secret = SignalingTestHost.Secret, Issuer = "rtclive" }),
            new Auth.ManualClock(DateTimeOffset.UtcNow.AddDays(-1)));
        string expired = pastIssuer.Issue(new RoomClaims(Room, "ada", "Ada", RoomRole.Viewer), TimeSpan.FromHours(1));
        var client = await host.ConnectAsync(Room, token: null);

        var join = await Assert.ThrowsAsync<HubException>(() => client.JoinAsync(new JoinRequest { Room = Room, Token = expired }));

        Assert.Contains(RoomTokenErrors.Expired, join.Message);
    }

    [Fact]
    public async Task The_loopback_test_and_the_SFU_share_one_media_port()
    {
        await using var host = await SignalingTestHost.StartAsync();
        using var echoPeer = new ClientPeer();
        string echoOffer = echoPeer.CreateOffer(new ClientTransceiver(MediaKind.Audio));
        using var echo = await host.Http.PostAsync("/api/echo", new StringContent(echoOffer, System.Text.Encoding.UTF8, "application/sdp"));
        Assert.Equal(HttpStatusCode.Created, echo.StatusCode);

        var presenter = await host.ConnectAsync(Room, await host.DevTokenAsync(Room, "alice", "presenter"));
        await presenter.JoinAsync(new JoinRequest { Room = Room });
        using var peer = new ClientPeer();
        string sfuAnswer = await presenter.PublishAsync(peer.CreateOffer(new ClientTransceiver(MediaKind.Audio, MediaDirection.SendOnly)),
            new PublishedTrack("0", "microphone"));

        string echoCandidate = CandidateAddress(await echo.Content.ReadAsStringAsync());
        Assert.Equal(echoCandidate, CandidateAddress(sfuAnswer));
        Assert.StartsWith("127.0.0.1 ", echoCandidate);
    }

    [Fact]
    public async Task A_closed_connection_leaves_the_room_and_the_others_are_told()
    {
        await using var host = await SignalingTestHost.StartAsync();
        var alice = await host.ConnectAsync(Room, await host.DevTokenAsync(Room, "alice", "presenter"));
        await alice.JoinAsync(new JoinRequest { Room = Room });
        var bob = await host.ConnectAsync(Room, await host.DevTokenAsync(Room, "bob", "viewer"));
        await bob.JoinAsync(new JoinRequest { Room = Room });

        await bob.Connection.StopAsync().WaitAsync(SignalingTestHost.Timeout);

        var left = await alice.NextParticipantLeftAsync();
        Assert.Equal(new ParticipantInfo("bob", "bob", "viewer"), left.Participant);
        Assert.Equal("connection closed", left.Reason);
        var rejoined = await host.ConnectAsync(Room, await host.DevTokenAsync(Room, "carol", "viewer"));
        var snapshot = await rejoined.JoinAsync(new JoinRequest { Room = Room });
        Assert.DoesNotContain(snapshot.Participants, p => p.Id == "bob");
    }

    [Fact]
    public async Task A_flood_of_calls_on_one_connection_is_refused_beyond_the_rate_and_the_connection_lives_on()
    {
        await using var host = await SignalingTestHost.StartAsync();
        var client = await host.ConnectAsync(Room, await host.DevTokenAsync(Room, "alice", "viewer"));
        await client.JoinAsync(new JoinRequest { Room = Room });

        var calls = Enumerable.Range(0, 100).Select(async _ =>
        {
            try
            {
                await client.GetStatsAsync();
                return "";
            }
            catch (HubException ex)
            {
                return ex.Message;
            }
        }).ToArray();
        string[] outcomes = await Task.WhenAll(calls);

        Assert.Contains(outcomes, o => o.Contains("too many calls: at most 20 per second on one connection"));
        Assert.Contains(outcomes, o => o.Length == 0);
        await Task.Delay(1100);
        Assert.Equal("local", (await client.GetStatsAsync()).Node);
    }

    /// <summary>The "address port" of the first host candidate in an SDP.</summary>
    private static string CandidateAddress(string sdp)
    {
        string line = sdp.Split("\r\n").First(l => l.StartsWith("a=candidate:", StringComparison.Ordinal));
        string[] fields = line.Split(' ');
        return $"{fields[4]} {fields[5]}";
    }

    private static double MetricValue(string metrics, string name)
    {
        string line = metrics.Split('\n').First(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        return double.Parse(line[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static RoomTokenService ForeignIssuer() =>
        new(Options.Create(new TokenOptions { Secret = "not-the-servers-secret-not-the-servers-secret", Issuer = "rtclive" }), TimeProvider.System);

    private static Task<bool> WaitUntilAsync(Func<bool> done) => WaitUntilAsync(() => Task.FromResult(done()));

    private static async Task<bool> WaitUntilAsync(Func<Task<bool>> done)
    {
        var deadline = DateTime.UtcNow + SignalingTestHost.Timeout;
        while (!await done())
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(50);
        }
        return true;
    }
}
