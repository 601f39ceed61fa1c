using System.Globalization;
using System.Text.RegularExpressions;
using RtcLive.Hls.Ingest;
using RtcLive.Hls.Rooms;
using Xunit.Abstractions;

namespace RtcLive.Hls.Tests;

/// <summary>
/// The whole worker with real ffmpeg: VP8 + Opus RTP in, H.264/AAC LL-HLS out, checked with ffprobe; ffmpeg killed
/// mid-class comes back (a new init segment after a discontinuity); the end of the class ends every playlist.
/// </summary>
public sealed partial class TranscodePipelineTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"rtclive-hls-test-{Guid.NewGuid():N}");
    private readonly HlsOptions _options = new() { SegmentSeconds = 1.0, PartSeconds = 0.333, WindowSegments = 30 };

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Vp8_and_opus_become_h264_and_aac_ll_hls_that_survives_ffmpeg_dying_and_ends_with_the_class()
    {
        await using var worker = new HlsRoomWorker("physics", _dir, _options, "ffmpeg", new FfmpegRtpSource(), new TestOutputLogger(output));
        worker.Start();
        var ladder = await worker.WaitForLadderAsync(TimeSpan.FromSeconds(15), CancellationToken.None);
        Assert.NotNull(ladder);
        Assert.Equal(["720p", "360p"], ladder!.Select(r => r.Name));

        var top = worker.Packager("720p")!;
        await WaitForAsync(() => Segments(top.Playlist).Count >= 3, TimeSpan.FromSeconds(20), "three segments");
        string live = top.Playlist;
        output.WriteLine(live);
        Assert.Contains("#EXT-X-PART-INF:PART-TARGET=0.333", live);
        Assert.Contains("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=", live);
        Assert.Contains("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"p", live);
        Assert.Contains("INDEPENDENT=YES", live);
        foreach (Match part in PartDuration().Matches(live))
            Assert.InRange(double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture), 0.01, 0.334);

        // ffmpeg dies mid-class: a new run, a discontinuity, and segments keep coming.
        int pid = worker.FfmpegProcessId ?? throw new InvalidOperationException("no ffmpeg");
        System.Diagnostics.Process.GetProcessById(pid).Kill();
        await WaitForAsync(() => top.Playlist.Contains("init-1.mp4") && AfterDiscontinuity(top.Playlist) >= 2, TimeSpan.FromSeconds(20), "two segments after the restart");
        Assert.Equal(1, worker.Restarts);
        Assert.Contains("#EXT-X-DISCONTINUITY", top.Playlist);

        await worker.EndAsync();
        foreach (var packager in worker.Packagers)
        {
            Assert.EndsWith("#EXT-X-ENDLIST\n", packager.Playlist);
            Assert.DoesNotContain("PRELOAD-HINT", packager.Playlist);
        }

        // ffprobe: H.264 at the rung's size and AAC, each full segment about a second long.
        foreach (var (packager, rung) in worker.Packagers.Zip(ladder))
        {
            var segments = Segments(packager.Playlist);
            for (int i = 0; i < 2; i++)
            {
                var (uri, extinf) = segments[i];
                string joined = Path.Combine(_dir, $"{rung.Name}-{i}.mp4");
                await File.WriteAllBytesAsync(joined, [.. File.ReadAllBytes(Path.Combine(packager.Directory, "init-0.mp4")),
                    .. File.ReadAllBytes(Path.Combine(packager.Directory, uri))]);
                var probe = await Ffprobe.RunAsync(joined);
                output.WriteLine($"{rung.Name} {uri}: EXTINF {extinf}, ffprobe {probe.Duration:F3} s, {string.Join(", ", probe.Streams)}");
                var video = Assert.Single(probe.Streams, s => s.CodecType == "video");
                Assert.Equal("h264", video.CodecName);
                Assert.Equal((rung.Width, rung.Height), (video.Width, video.Height));
                Assert.Equal("aac", Assert.Single(probe.Streams, s => s.CodecType == "audio").CodecName);
                double declared = double.Parse(extinf, CultureInfo.InvariantCulture);
                Assert.InRange(declared, 0.9, 1.1);
                // The segment's own length, counted (ffprobe's duration of a later segment includes its start time):
                // 30 fps frames, and AAC frames of 1024 samples at 48 kHz.
                Assert.InRange(video.Packets / 30.0, declared - 0.07, declared + 0.07);
                // Audio fragments straddle segment cuts and their count per segment follows when packets arrived on a
                // live pipe, not the segment: only that audio is there is checked.
                Assert.True(probe.Streams.Single(s => s.CodecType == "audio").Packets > 0, $"{uri} has no audio frames");
            }
        }
    }

    [Fact]
    public async Task H264_from_rtp_is_depacketized_and_becomes_the_ladder_at_the_sps_size()
    {
        await using var worker = new HlsRoomWorker("chemistry", _dir, _options, "ffmpeg", new FfmpegRtpSource(1280, 720, VideoCodec.H264),
            new TestOutputLogger(output));
        worker.Start();
        var ladder = await worker.WaitForLadderAsync(TimeSpan.FromSeconds(15), CancellationToken.None);
        Assert.NotNull(ladder);
        Assert.Equal(["720p", "360p"], ladder!.Select(r => r.Name));
        var top = worker.Packager("720p")!;
        await WaitForAsync(() => Segments(top.Playlist).Count >= 3, TimeSpan.FromSeconds(20), "three segments");
        await worker.EndAsync();

        foreach (var (packager, rung) in worker.Packagers.Zip(ladder))
        {
            var (uri, extinf) = Segments(packager.Playlist)[1];
            string joined = Path.Combine(_dir, $"h264-{rung.Name}.mp4");
            await File.WriteAllBytesAsync(joined, [.. File.ReadAllBytes(Path.Combine(packager.Directory, "init-0.mp4")),
                .. File.ReadAllBytes(Path.Combine(packager.Directory, uri))]);
            var probe = await Ffprobe.RunAsync(joined);
            output.WriteLine($"{rung.Name} {uri}: EXTINF {extinf}, ffprobe {probe.Duration:F3} s, {string.Join(", ", probe.Streams)}");
            var video = Assert.Single(probe.Streams, s => s.CodecType == "video");
            Assert.Equal("h264", video.CodecName);
            Assert.Equal((rung.Width, rung.Height), (video.Width, video.Height));
            Assert.Equal("aac", Assert.Single(probe.Streams, s => s.CodecType == "audio").CodecName);
            double declared = double.Parse(extinf, CultureInfo.InvariantCulture);
            Assert.InRange(declared, 0.9, 1.1);
            // Every source frame came through the depacketizer and the decoder: 30 fps worth of frames per second.
            Assert.InRange(video.Packets / 30.0, declared - 0.07, declared + 0.07);
        }
    }

    private static List<(string, string)> Segments(string playlist) =>
        SegmentLine().Matches(playlist).Select(m => (m.Groups[2].Value, m.Groups[1].Value)).ToList();

    private static int AfterDiscontinuity(string playlist)
    {
        int at = playlist.LastIndexOf("#EXT-X-DISCONTINUITY\n", StringComparison.Ordinal);
        return at < 0 ? 0 : Segments(playlist[at..]).Count;
    }

    private static async Task WaitForAsync(Func<bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no {what} within {timeout.TotalSeconds} s");
            await Task.Delay(100);
        }
    }

    [GeneratedRegex(@"#EXTINF:([0-9.]+),\n(s\d+\.m4s)")]
    private static partial Regex SegmentLine();

    [GeneratedRegex(@"#EXT-X-PART:DURATION=([0-9.]+)")]
    private static partial Regex PartDuration();
}
