using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using RtcLive.Cluster.Tests;
using RtcLive.Hls.Tests;
using RtcLive.Hls.Worker.Hosting;
using RtcLive.Signaling.Hubs.Contracts;
using RtcLive.Signaling.Tests.Hubs;
using RtcLive.WebRtc.Client;
using RtcLive.WebRtc.Sdp;

namespace RtcLive.SfuNode.Tests;

/// <summary>
/// HLS in cluster mode: a standalone HLS worker registers in the cluster as kind <c>hls</c>; signaling sends a
/// room's HLS viewers to it; the worker pulls the class from the SFU node the presenter publishes on (joining it
/// as a hidden relay participant over the node's control API, media over DTLS-SRTP) and transcodes it with the
/// real ffmpeg into LL-HLS whose segments ffprobe reads as H.264 and AAC. Ending the class ends the playlists.
/// </summary>
public sealed class HlsWorkerTests(RedisServer redis) : IClassFixture<RedisServer>, IDisposable
{
    private const string Room = "geology";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"rtclive-hls-worker-test-{Guid.NewGuid():N}");

    [Theory]
    [InlineData("VP8")]
    [InlineData("H264")]
    public async Task A_presenter_on_a_node_reaches_hls_viewers_through_the_standalone_worker(string codec)
    {
        string room = $"{Room}-{codec.ToLowerInvariant()}"; // each run its own class: the cluster store outlives the hosts
        var cluster = new Dictionary<string, string?> { ["RtcLive:Cluster:Redis"] = redis.Configuration };
        await using var eu = await SfuNodeTestHost.StartAsync(id: "eu-1", region: "eu", extra: cluster);
        await using var worker = await StartWorkerAsync();
        await using var host = await SignalingTestHost.StartAsync(extra: new Dictionary<string, string?>(cluster)
        {
            ["RtcLive:Sfu:ControlToken"] = SfuNodeTestHost.Token,
            ["RtcLive:Region"] = "eu",
        });
        using var workerHttp = new HttpClient { BaseAddress = new Uri(worker.Urls.First()), Timeout = Patience };

        // The worker is in the registry as kind hls, and ready once it is.
        Assert.True(await WaitUntilAsync(async () => (await KindsAsync(host)).Contains(("hls-eu", "hls"))), "the worker never registered");
        Assert.Equal(HttpStatusCode.OK, (await workerHttp.GetAsync("/readyz")).StatusCode);

        // The class: alice (a moderator leads it) publishes a real VP8 (or H.264) camera and Opus microphone on eu-1.
        var presenter = await host.ConnectAsync(room, await host.DevTokenAsync(room, "alice", "moderator"));
        Assert.Equal("eu-1", (await presenter.JoinAsync(new JoinRequest { Room = room })).Node);
        using var publisher = new ClientPeer();
        string offer = publisher.CreateOffer(
            new ClientTransceiver(MediaKind.Video, MediaDirection.SendOnly)
            {
                Codecs = codec == "H264" ? [DefaultCodecs.H264(), DefaultCodecs.Rtx(103, 102)] : null,
            },
            new ClientTransceiver(MediaKind.Audio, MediaDirection.SendOnly));
        publisher.SetRemoteAnswer(await presenter.PublishAsync(offer, new PublishedTrack("0", "camera"), new PublishedTrack("1", "microphone")));
        await publisher.ConnectAsync().WaitAsync(SignalingTestHost.Timeout);
        Assert.Equal(codec, publisher.FindMedia("0")!.Codec.Name);
        using var media = new FfmpegPresenterMedia(publisher, publisher.FindMedia("0")!, publisher.FindMedia("1")!, h264: codec == "H264");

        // Signaling says where the room plays over HLS: the worker; a plain /hls request is redirected there.
        string workerBase = worker.Urls.First().TrimEnd('/');
        using var location = JsonDocument.Parse(await host.Http.GetStringAsync($"/api/hls/{room}"));
        Assert.Equal("hls-eu", location.RootElement.GetProperty("worker").GetString());
        string multivariantUrl = location.RootElement.GetProperty("url").GetString()!;
        Assert.Equal($"{workerBase}/hls/{room}/index.m3u8", multivariantUrl);
        using (var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress })
        {
            using var redirect = await noRedirects.GetAsync($"/hls/{room}/index.m3u8");
            Assert.Equal(HttpStatusCode.TemporaryRedirect, redirect.StatusCode);
            Assert.Equal(multivariantUrl, redirect.Headers.Location!.ToString());
        }

        // The worker pulls the class from eu-1 and writes LL-HLS: the multivariant playlist names the rungs.
        string multivariant = await GetWhenReadyAsync(workerHttp, multivariantUrl);
        string rungPath = multivariant.Split('\n').First(l => l.EndsWith("index.m3u8", StringComparison.Ordinal)).Trim();
        var rungUri = new Uri(new Uri(multivariantUrl), rungPath);
        string playlist = "";
        Assert.True(await WaitUntilAsync(async () =>
        {
            playlist = await workerHttp.GetStringAsync(rungUri);
            return Regex.Matches(playlist, "#EXTINF").Count >= 3;
        }, Patience), $"three segments never came:\n{playlist}");
        Assert.Contains("#EXT-X-PART:", playlist);

        // A segment with its init segment is H.264 and AAC, at the source's size.
        string init = Regex.Match(playlist, "#EXT-X-MAP:URI=\"([^\"]+)\"").Groups[1].Value;
        string[] lines = playlist.Split('\n');
        int segmentLine = Array.FindLastIndex(lines, l => l.Trim().EndsWith(".m4s", StringComparison.Ordinal) && !l.StartsWith('#'));
        string segment = lines[segmentLine].Trim();
        double listed = double.Parse(Regex.Match(lines[segmentLine - 1], @"#EXTINF:([0-9.]+)").Groups[1].Value, CultureInfo.InvariantCulture);
        double whole = Regex.Matches(playlist, @"#EXTINF:([0-9.]+)").Sum(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        Directory.CreateDirectory(_directory);
        string joined = Path.Combine(_directory, "segment.mp4");
        await File.WriteAllBytesAsync(joined, [.. await workerHttp.GetByteArrayAsync(new Uri(rungUri, init)),
            .. await workerHttp.GetByteArrayAsync(new Uri(rungUri, segment))]);
        var probe = await Ffprobe.RunAsync(joined);
        var video = Assert.Single(probe.Streams, s => s.CodecType == "video");
        Assert.Equal("h264", video.CodecName);
        Assert.Equal(360, video.Height);
        Assert.Equal(640, video.Width);
        Assert.Equal("aac", Assert.Single(probe.Streams, s => s.CodecType == "audio").CodecName);
        // One segment, as long as the playlist says (30 fps frames counted: ffprobe's duration of a later segment
        // includes its start time, which failed a CI run as "5.02 s"), not the whole run. How long a segment should be
        // is RtcLive.Hls.Tests' business.
        Assert.InRange(video.Packets / 30.0, listed - 0.1, listed + 0.1);
        Assert.True(listed < whole, $"the segment ({listed:F2} s) is the whole playlist ({whole:F2} s)");

        // The worker says what it does; the relay participant stays hidden from the class.
        string metrics = await workerHttp.GetStringAsync("/metrics");
        Assert.Contains("rtclive_hls_relay_pulls 1", metrics);
        Assert.Matches(@"rtclive_hls_relay_packets_total [1-9]", metrics);
        Assert.Matches(@"rtclive_hls_segments_written_total [1-9]", metrics);
        var bob = await host.ConnectAsync(room, await host.DevTokenAsync(room, "bob", "viewer"));
        var bobJoined = await bob.JoinAsync(new JoinRequest { Room = room });
        Assert.DoesNotContain(bobJoined.Participants, p => p.Id.StartsWith("relay:", StringComparison.Ordinal));

        // The moderator ends the class on signaling: the worker hears it over the cluster and ends the playlist.
        await presenter.InvokeAsync("EndClass");
        Assert.True(await WaitUntilAsync(async () => (await workerHttp.GetStringAsync(rungUri)).Contains("#EXT-X-ENDLIST"), Patience),
            "the playlist did not end with the class");
    }

    [Fact]
    public async Task Without_a_worker_signaling_says_hls_is_unavailable_and_why()
    {
        var cluster = new Dictionary<string, string?> { ["RtcLive:Cluster:Redis"] = redis.Configuration };
        await using var eu = await SfuNodeTestHost.StartAsync(id: "eu-9", region: "eu", extra: cluster);
        await using var host = await SignalingTestHost.StartAsync(extra: new Dictionary<string, string?>(cluster)
        {
            ["RtcLive:Sfu:ControlToken"] = SfuNodeTestHost.Token,
        });
        // Another test's worker may still be in the registry for a moment after it stopped.
        Assert.True(await WaitUntilAsync(async () => !(await KindsAsync(host)).Any(k => k.Kind == "hls")), "a worker is still listed");
        using var answer = await host.Http.GetAsync("/api/hls/nowhere");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
        Assert.Contains("no HLS worker is up", await answer.Content.ReadAsStringAsync());
    }

    private async Task<WebApplication> StartWorkerAsync()
    {
        var app = HlsWorkerApp.Build([], new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Http:Url"] = "http://127.0.0.1:0",
            ["RtcLive:Cluster:Redis"] = redis.Configuration,
            ["RtcLive:HlsWorker:Id"] = "hls-eu",
            ["RtcLive:HlsWorker:Region"] = "eu",
            ["RtcLive:HlsWorker:ControlToken"] = SfuNodeTestHost.Token,
            ["RtcLive:Hls:Directory"] = _directory,
            ["RtcLive:Hls:RequestWait"] = "00:00:15",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await app.StartAsync().WaitAsync(Patience);
        return app;
    }

    /// <summary>A playlist once the worker has one (503 while the class has no video yet).</summary>
    private static async Task<string> GetWhenReadyAsync(HttpClient http, string url)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            using var response = await http.GetAsync(url);
            if (response.IsSuccessStatusCode) return await response.Content.ReadAsStringAsync();
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(500);
        }
    }

    private static async Task<List<(string Id, string Kind)>> KindsAsync(SignalingTestHost host)
    {
        using var document = JsonDocument.Parse(await host.Http.GetStringAsync("/api/cluster"));
        return document.RootElement.GetProperty("nodes").EnumerateArray()
            .Select(n => (n.GetProperty("id").GetString()!, n.GetProperty("kind").GetString()!)).ToList();
    }

    private static async Task<bool> WaitUntilAsync(Func<Task<bool>> done, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        while (!await done())
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(200);
        }
        return true;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
