using Microsoft.AspNetCore.SignalR;
using RtcLive.Signaling.Hubs.Contracts;
using RtcLive.WebRtc.Client;
using RtcLive.WebRtc.Sdp;

namespace RtcLive.Signaling.Tests.Hubs;

/// <summary>
/// A viewer pauses one received track (the node stops forwarding it to that viewer only), and a presenter mutes
/// a track for everyone (the node stops forwarding it even though the client keeps sending).
/// </summary>
public sealed class PauseAndMuteTests
{
    private const string Room = "pause";

    [Fact]
    public async Task Paused_and_muted_tracks_stop_flowing_and_resume()
    {
        await using var host = await SignalingTestHost.StartAsync();
        var presenter = await host.ConnectAsync(Room, await host.DevTokenAsync(Room, "alice", "presenter"));
        await presenter.JoinAsync(new JoinRequest { Room = Room });
        using var publisherPeer = new ClientPeer();
        string answer = await presenter.PublishAsync(publisherPeer.CreateOffer(
                new ClientTransceiver(MediaKind.Video, MediaDirection.SendOnly) { SimulcastRids = ["q", "h", "f"] },
                new ClientTransceiver(MediaKind.Audio, MediaDirection.SendOnly)),
            new PublishedTrack("0", "camera"), new PublishedTrack("1", "microphone"));
        publisherPeer.SetRemoteAnswer(answer);
        await publisherPeer.ConnectAsync().WaitAsync(SignalingTestHost.Timeout);

        var viewer = await host.ConnectAsync(Room, await host.DevTokenAsync(Room, "bob", "viewer"));
        await viewer.JoinAsync(new JoinRequest { Room = Room });
        var offer = await viewer.NextOfferAsync();
        var video = offer.Tracks.Single(t => t.Kind == "video");
        var audio = offer.Tracks.Single(t => t.Kind == "audio");
        var received = new ReceivedMedia();
        using var viewerPeer = new ClientPeer { Receiver = received };
        await viewer.AnswerSubscriptionAsync(viewerPeer.AcceptOffer(offer.Sdp));
        await viewerPeer.ConnectAsync().WaitAsync(SignalingTestHost.Timeout);
        byte videoPt = viewerPeer.FindMedia(video.Mid)!.PayloadType;
        byte audioPt = viewerPeer.FindMedia(audio.Mid)!.PayloadType;

        using var sending = new CancellationTokenSource();
        var media = new SyntheticPresenterMedia(publisherPeer, publisherPeer.FindMedia("0")!, publisherPeer.FindMedia("1")!);
        var sender = media.RunAsync(sending.Token);
        try
        {
            Assert.True(await Eventually(() => received.Packets(videoPt) >= 10 && received.Packets(audioPt) >= 10), "media never flowed");

            // Pause the video for this viewer: audio keeps flowing, video stops.
            await viewer.SetPausedAsync(video.TrackId, true);
            await Task.Delay(200); // packets already on the way may still land
            int videoWhilePaused = received.Packets(videoPt), audioWhilePaused = received.Packets(audioPt);
            await Task.Delay(500);
            Assert.Equal(videoWhilePaused, received.Packets(videoPt));
            Assert.True(received.Packets(audioPt) > audioWhilePaused + 5, "audio stopped too");

            await viewer.SetPausedAsync(video.TrackId, false);
            Assert.True(await Eventually(() => received.Packets(videoPt) > videoWhilePaused + 5), "video did not resume");

            // The presenter mutes its microphone for everyone: the viewer is told and stops receiving audio.
            await presenter.MuteTrackAsync("microphone", true);
            var muted = await viewer.NextTrackMutedAsync();
            Assert.Equal((audio.TrackId, true), (muted.Track.TrackId, muted.Muted));
            await Task.Delay(200);
            int audioWhileMuted = received.Packets(audioPt);
            await Task.Delay(500);
            Assert.Equal(audioWhileMuted, received.Packets(audioPt));

            await presenter.MuteTrackAsync("microphone", false);
            Assert.False((await viewer.NextTrackMutedAsync()).Muted);
            Assert.True(await Eventually(() => received.Packets(audioPt) > audioWhileMuted + 5), "audio did not resume");

            var error = await Assert.ThrowsAsync<HubException>(() => viewer.SetPausedAsync("no-such-track", true));
            Assert.Contains("receives no track", error.Message);
        }
        finally
        {
            sending.Cancel();
            await sender;
        }
    }

    private static async Task<bool> Eventually(Func<bool> done)
    {
        var deadline = DateTime.UtcNow + SignalingTestHost.Timeout;
        while (!done())
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(20);
        }
        return true;
    }
}
