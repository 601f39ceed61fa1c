using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;
using RtcLive.E2E.Tests.Browser;
using RtcLive.Sfu.Forwarding;
using RtcLive.Sfu.Media;
using RtcLive.Sfu.Node;
using RtcLive.Sfu.Rooms;
using RtcLive.Sfu.Sessions;
using RtcLive.WebRtc.Dtls;
using RtcLive.WebRtc.Sdp;
using Xunit.Abstractions;

namespace RtcLive.E2E.Tests.Sfu;

/// <summary>
/// Chromium publishes camera (three simulcast layers) and microphone to a real SFU node; two Chromium viewers
/// receive them through it. The test plays signaling's part by calling the room directly, so what is proven
/// is the node against real browsers: ICE-lite, DTLS, SRTP, simulcast by rid, transport-wide feedback that
/// lets the sender ramp up, keyframe-driven layer switches and renegotiated subscriber offers.
/// </summary>
public sealed class BrowserThroughSfuTests(ChromiumHost chromium, ITestOutputHelper output) : IClassFixture<ChromiumHost>, IDisposable
{
    private readonly SfuNode _node = CreateNode();
    private readonly ConcurrentDictionary<string, BlockingCollection<string>> _offers = new();

    private static SfuNode CreateNode()
    {
        DtlsWarmup.RunAsync().GetAwaiter().GetResult();
        var node = new SfuNode(new SfuNodeOptions { MediaBind = new IPEndPoint(IPAddress.Loopback, 0) }, NullLoggerFactory.Instance);
        node.Start();
        return node;
    }

    [Fact]
    public async Task Two_viewers_decode_the_presenters_simulcast_camera_and_audio_and_switch_layers_without_a_freeze()
    {
        _node.RoomEvents += e =>
        {
            if (e is RoomEvent.SubscriberOffer offer) _offers.GetOrAdd(offer.Participant.Id, _ => []).Add(offer.Sdp);
        };
        var room = _node.GetOrCreateRoom("class-1");
        var presenter = room.Join("alice", "Alice", ParticipantRole.Presenter);
        var presenterPage = await chromium.NewBlankPageAsync();
        string offer = await presenterPage.EvaluateAsync<string>(PublishScript);
        string answer = room.Publish(presenter, offer, [new PublishedTrackRequest("0", TrackSource.Camera), new PublishedTrackRequest("1", TrackSource.Microphone)]);
        await presenterPage.EvaluateAsync("answer => window.pc.setRemoteDescription({ type: 'answer', sdp: answer })", answer);

        var viewers = new List<(Participant Participant, IPage Page)>();
        foreach (string name in new[] { "bob", "carol" })
        {
            var participant = room.Join(name, name, ParticipantRole.Viewer);
            var page = await chromium.NewBlankPageAsync();
            await page.EvaluateAsync(ViewerSetupScript);
            viewers.Add((participant, page));
            await AnswerOffersAsync(room, participant, page);
        }

        foreach (var (participant, page) in viewers)
        {
            var stats = await WaitForAsync(page, s => s.VideoFramesDecoded > 15 && s.AudioPacketsReceived > 20, TimeSpan.FromSeconds(20));
            output.WriteLine($"{participant.Id}: {JsonSerializer.Serialize(stats)}");
            Assert.True(stats.VideoFramesDecoded > 15, $"{participant.Id} decoded {stats.VideoFramesDecoded} frames");
            Assert.True(stats.AudioPacketsReceived > 20, $"{participant.Id} received {stats.AudioPacketsReceived} audio packets");
        }

        // Transport-wide feedback lets Chromium's bandwidth estimate grow until it sends more than the lowest
        // layer. On a loaded 2-core machine Chromium may hold layers back for CPU instead, and says so.
        var camera = presenter.Producers.Single(p => p.Source == TrackSource.Camera);
        Assert.True(camera.IsSimulcast);
        long now = Environment.TickCount64;
        SenderStats sender = await ReadSenderStatsAsync(presenterPage);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (camera.Layers.Count(l => l.IsActive(Environment.TickCount64)) < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            sender = await ReadSenderStatsAsync(presenterPage);
        }
        now = Environment.TickCount64;
        int activeLayers = camera.Layers.Count(l => l.IsActive(now));
        output.WriteLine("layers: " + string.Join(", ", camera.Layers.Select(l => $"{l.Rid} {(l.IsActive(now) ? "active" : "idle")} {l.BitsPerSecond(now) / 1000} kbit/s"))
            + $"; Chromium's estimate {sender.AvailableOutgoingBitrate / 1000} kbit/s, limited by {sender.QualityLimitationReason}");
        Assert.True(activeLayers >= 2 || sender.QualityLimitationReason == "cpu",
            $"Chromium sent one layer with an estimate of {sender.AvailableOutgoingBitrate} bit/s and no CPU limitation");

        // Bob asks for the lowest layer, then the highest active one: frames keep being decoded through both switches.
        var (bob, bobPage) = viewers[0];
        var bobVideo = bob.Subscriber.Consumers.Single(c => c.Producer == camera);
        int highest = camera.Layers.Last(l => l.IsActive(now)).Index;
        foreach (int layer in new[] { 0, highest })
        {
            bobVideo.RequestLayer(new SimulcastPreference(ManualLayer: layer));
            var before = await ReadStatsAsync(bobPage);
            var after = await WaitForAsync(bobPage, s => s.VideoFramesDecoded > before.VideoFramesDecoded + 20 && bobVideo.CurrentLayer == layer, TimeSpan.FromSeconds(15));
            output.WriteLine($"bob on layer {layer}: {JsonSerializer.Serialize(after)}, selector current {bobVideo.CurrentLayer}");
            Assert.Equal(layer, bobVideo.CurrentLayer);
            Assert.True(after.VideoFramesDecoded > before.VideoFramesDecoded + 20, $"frames stalled after switching to layer {layer}");
        }

        var counters = _node.Counters;
        output.WriteLine($"node: received {counters.RtpPacketsReceived}, forwarded {counters.RtpPacketsForwarded}, PLIs sent {counters.PictureLossIndicationsSent}, NACKs {counters.NackReceived}, resent {counters.Resent} (as RTX {counters.RtxPacketsSent})");
        Assert.Equal(0, counters.TransportFailuresTotal);
    }

    [Fact]
    public async Task A_viewer_on_a_lossy_link_gets_rtx_repairs_and_keeps_decoding()
    {
        _node.RoomEvents += e =>
        {
            if (e is RoomEvent.SubscriberOffer offer) _offers.GetOrAdd(offer.Participant.Id, _ => []).Add(offer.Sdp);
        };
        var room = _node.GetOrCreateRoom("class-2");
        var presenter = room.Join("alice", "Alice", ParticipantRole.Presenter);
        var presenterPage = await chromium.NewBlankPageAsync();
        string offer = await presenterPage.EvaluateAsync<string>(SingleLayerPublishScript);
        string answer = room.Publish(presenter, offer, [new PublishedTrackRequest("0", TrackSource.Camera)]);
        await presenterPage.EvaluateAsync("answer => window.pc.setRemoteDescription({ type: 'answer', sdp: answer })", answer);

        // The viewer reaches the node through a network that loses one video packet in 20 on the way to it.
        var viewer = room.Join("dave", "Dave", ParticipantRole.Viewer);
        var page = await chromium.NewBlankPageAsync();
        await page.EvaluateAsync(ViewerSetupScript);
        Assert.True(_offers.GetOrAdd(viewer.Id, _ => []).TryTake(out var viewerOffer, TimeSpan.FromSeconds(5)), "no offer for the viewer");
        var video = viewer.Subscriber.Consumers.Single(c => c.Producer.Kind == MediaKind.Video);
        using var network = new LossyUdpProxy { DropToBrowser = (ssrc, index) => ssrc == video.Ssrc && index % 20 == 10 };
        string viewerAnswer = await page.EvaluateAsync<string>(AnswerScript, network.Route(viewerOffer));
        room.AnswerSubscription(viewer, viewerAnswer);
        var answered = SdpParser.Parse(viewerAnswer).FindMedia(video.Mid)!;
        Assert.NotNull(answered.FindRtxFor(video.Codec.PayloadType)); // Chromium took the rtx the node offered
        Assert.True(video.Rtx!.IsNegotiated);

        var stats = await WaitForAsync(page, s => s.VideoFramesDecoded > 60 && s.RetransmittedPacketsReceived >= 3, TimeSpan.FromSeconds(30));
        output.WriteLine($"dave: {JsonSerializer.Serialize(stats)}; proxy dropped {network.Dropped}; node resent {video.PacketsResent}, as RTX {video.RtxPacketsSent}");
        Assert.True(network.Dropped >= 3, $"the proxy dropped {network.Dropped} packets");
        Assert.True(stats.NackCount > 0, "Chromium sent no NACK");
        // Chromium counts only RTX packets as retransmitted (a resend in the media stream leaves this at 0).
        Assert.True(stats.RetransmittedPacketsReceived >= 3, $"Chromium counted {stats.RetransmittedPacketsReceived} retransmitted packets");
        Assert.True(stats.VideoFramesDecoded > 60, $"Chromium decoded {stats.VideoFramesDecoded} frames");

        // Every repair went out as RTX, and the node's total agrees; counters move while NACKs are still being
        // answered, so the network heals first and the counts are compared once they agree.
        network.DropToBrowser = null;
        Assert.True(SpinWait.SpinUntil(() => video.RtxPacketsSent > 0 && video.PacketsResent == video.RtxPacketsSent
            && _node.Counters.RtxPacketsSent == video.RtxPacketsSent, TimeSpan.FromSeconds(5)),
            $"resent {video.PacketsResent}, as RTX {video.RtxPacketsSent}, node RTX total {_node.Counters.RtxPacketsSent}");
    }

    /// <summary>Answers every offer the node makes for this viewer (the first now, renegotiations as they come).</summary>
    private async Task AnswerOffersAsync(Room room, Participant participant, IPage page)
    {
        var queue = _offers.GetOrAdd(participant.Id, _ => []);
        Assert.True(queue.TryTake(out var sdp, TimeSpan.FromSeconds(5)), $"no offer for {participant.Id}");
        string answer = await page.EvaluateAsync<string>(AnswerScript, sdp);
        room.AnswerSubscription(participant, answer);
    }

    private const string PublishScript = """
        async () => {
          const media = await navigator.mediaDevices.getUserMedia({ video: { width: 1280, height: 720 }, audio: true });
          const pc = new RTCPeerConnection();
          window.pc = pc;
          pc.addTransceiver(media.getVideoTracks()[0], { direction: 'sendonly', sendEncodings: [
            { rid: 'q', scaleResolutionDownBy: 4, maxBitrate: 150000 },
            { rid: 'h', scaleResolutionDownBy: 2, maxBitrate: 500000 },
            { rid: 'f', maxBitrate: 1700000 } ] });
          pc.addTransceiver(media.getAudioTracks()[0], { direction: 'sendonly' });
          await pc.setLocalDescription();
          return pc.localDescription.sdp;
        }
        """;

    private const string SingleLayerPublishScript = """
        async () => {
          const media = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 } });
          const pc = new RTCPeerConnection();
          window.pc = pc;
          pc.addTransceiver(media.getVideoTracks()[0], { direction: 'sendonly' });
          await pc.setLocalDescription();
          return pc.localDescription.sdp;
        }
        """;

    private const string ViewerSetupScript = """
        () => {
          const pc = new RTCPeerConnection();
          window.pc = pc;
          window.videos = [];
          pc.ontrack = e => {
            if (e.track.kind !== 'video') return;
            const v = document.createElement('video');
            v.autoplay = true; v.muted = true; v.srcObject = new MediaStream([e.track]);
            document.body.appendChild(v);
          };
        }
        """;

    private const string AnswerScript = """
        async (offer) => {
          await window.pc.setRemoteDescription({ type: 'offer', sdp: offer });
          await window.pc.setLocalDescription();
          return window.pc.localDescription.sdp;
        }
        """;

    private static async Task<ViewerStats> WaitForAsync(IPage page, Func<ViewerStats, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        ViewerStats stats;
        do
        {
            await Task.Delay(250);
            stats = await ReadStatsAsync(page);
        }
        while (!done(stats) && DateTime.UtcNow < deadline);
        return stats;
    }

    private static async Task<ViewerStats> ReadStatsAsync(IPage page) =>
        (await page.EvaluateAsync<JsonElement>("""
            async () => {
              const out = { videoFramesDecoded: 0, audioPacketsReceived: 0, frameWidth: 0, packetsLost: 0, nackCount: 0, pliCount: 0, retransmittedPacketsReceived: 0 };
              (await window.pc.getStats()).forEach(s => {
                if (s.type !== 'inbound-rtp') return;
                out.packetsLost += s.packetsLost ?? 0;
                if (s.kind === 'video') {
                  out.videoFramesDecoded += s.framesDecoded ?? 0;
                  out.frameWidth = s.frameWidth ?? out.frameWidth;
                  out.nackCount += s.nackCount ?? 0;
                  out.pliCount += s.pliCount ?? 0;
                  out.retransmittedPacketsReceived += s.retransmittedPacketsReceived ?? 0;
                }
                if (s.kind === 'audio') out.audioPacketsReceived += s.packetsReceived ?? 0;
              });
              return out;
            }
            """)).Deserialize<ViewerStats>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

    private static async Task<SenderStats> ReadSenderStatsAsync(IPage page) =>
        (await page.EvaluateAsync<JsonElement>("""
            async () => {
              const out = { availableOutgoingBitrate: 0, qualityLimitationReason: 'none' };
              (await window.pc.getStats()).forEach(s => {
                if (s.type === 'candidate-pair' && s.nominated && s.availableOutgoingBitrate)
                  out.availableOutgoingBitrate = Math.max(out.availableOutgoingBitrate, s.availableOutgoingBitrate);
                if (s.type === 'outbound-rtp' && s.kind === 'video' && s.qualityLimitationReason && s.qualityLimitationReason !== 'none')
                  out.qualityLimitationReason = s.qualityLimitationReason;
              });
              return out;
            }
            """)).Deserialize<SenderStats>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

    public void Dispose() => _node.Dispose();
}

public sealed record SenderStats(double AvailableOutgoingBitrate, string QualityLimitationReason);

public sealed record ViewerStats(int VideoFramesDecoded, int AudioPacketsReceived, int FrameWidth, int PacketsLost, int NackCount, int PliCount,
    int RetransmittedPacketsReceived);
