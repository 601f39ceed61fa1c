using RtcLive.Hls.Packaging;

namespace RtcLive.Hls.Tests;

/// <summary>The LL-HLS writer: parts and segments from fragments, tags, blocking reload, the window, restarts, the end.</summary>
public sealed class RungPackagerTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"rtclive-packager-{Guid.NewGuid():N}");
    private readonly HlsOptions _options = new() { SegmentSeconds = 1.0, PartSeconds = 0.333, WindowSegments = 3 };

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    /// <summary>One second of video as three 10-frame parts, the first a keyframe.</summary>
    private static void Second(RungPackager packager, int second)
    {
        for (int p = 0; p < 3; p++)
        {
            var (bytes, moof) = Fmp4Builder.Fragment((second * 30 + p * 10) * 3000L, 10, key: p == 0);
            packager.OnFragment(bytes, moof);
        }
    }

    [Fact]
    public void Parts_and_segments_carry_the_ll_hls_tags()
    {
        var packager = new RungPackager("720p", _dir, _options);
        packager.OnInit(0, Fmp4Builder.Init());
        Second(packager, 0);
        Second(packager, 1);
        string playlist = packager.Playlist;
        Assert.StartsWith("#EXTM3U\n", playlist);
        Assert.Contains("#EXT-X-TARGETDURATION:1\n", playlist);
        Assert.Contains("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.999\n", playlist);
        Assert.Contains("#EXT-X-PART-INF:PART-TARGET=0.333\n", playlist);
        Assert.Contains("#EXT-X-MAP:URI=\"init-0.mp4\"\n", playlist);
        Assert.Contains("#EXT-X-PART:DURATION=0.33333,URI=\"p0.0.m4s\",INDEPENDENT=YES\n#EXT-X-PART:DURATION=0.33333,URI=\"p0.1.m4s\"\n", playlist);
        Assert.Contains("#EXTINF:1.000,\ns0.m4s\n", playlist);
        Assert.EndsWith("#EXT-X-PART:DURATION=0.33333,URI=\"p1.2.m4s\"\n#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"p1.3.m4s\"\n", playlist);
        // A segment is its parts, byte for byte.
        Assert.Equal(Enumerable.Range(0, 3).SelectMany(p => File.ReadAllBytes(Path.Combine(_dir, $"p0.{p}.m4s"))), File.ReadAllBytes(Path.Combine(_dir, "s0.m4s")));
    }

    [Fact]
    public async Task Blocking_reload_waits_for_the_asked_part_and_refuses_one_too_far_ahead()
    {
        var packager = new RungPackager("720p", _dir, _options);
        packager.OnInit(0, Fmp4Builder.Init());
        Second(packager, 0);
        var waiting = packager.WaitForPlaylistAsync(1, 0, TimeSpan.FromSeconds(5), CancellationToken.None);
        await Task.Delay(100);
        Assert.False(waiting.IsCompleted);
        var (bytes, moof) = Fmp4Builder.Fragment(30 * 3000L, 10, key: true);
        packager.OnFragment(bytes, moof);
        string playlist = await waiting.WaitAsync(TimeSpan.FromSeconds(2));
        Assert.Contains("URI=\"p1.0.m4s\"", playlist);
        Assert.True(packager.IsTooFarAhead(5));
        Assert.False(packager.IsTooFarAhead(2));

        // A hinted part that exists is given at once; a hint overtaken by a new segment is refused quickly.
        Assert.NotNull(await packager.WaitForFileAsync("p1.0.m4s", TimeSpan.FromSeconds(1), CancellationToken.None));
        Assert.Null(await packager.WaitForFileAsync("p0.3.m4s", TimeSpan.FromSeconds(5), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void The_window_slides_a_restart_is_a_discontinuity_and_the_end_is_endlist()
    {
        var packager = new RungPackager("720p", _dir, _options);
        packager.OnInit(0, Fmp4Builder.Init());
        for (int s = 0; s < 3; s++) Second(packager, s);
        packager.OnRunEnded(); // ffmpeg died: segment 2 closes with what it has
        packager.OnInit(1, Fmp4Builder.Init());
        for (int s = 0; s < 3; s++) Second(packager, s);
        string live = packager.Playlist;
        Assert.Contains("#EXT-X-MEDIA-SEQUENCE:2\n", live); // window of 3 whole segments: 0 and 1 slid out
        Assert.False(File.Exists(Path.Combine(_dir, "s0.m4s")));
        Assert.Contains("#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"init-1.mp4\"\n", live);

        packager.End();
        string ended = packager.Playlist;
        Assert.EndsWith("#EXT-X-ENDLIST\n", ended);
        Assert.DoesNotContain("PRELOAD-HINT", ended);
        Assert.DoesNotContain("CAN-BLOCK-RELOAD", ended);
        Assert.Contains("#EXT-X-DISCONTINUITY-SEQUENCE:1\n", ended); // the restart's segment is first now: its tag counts here
    }
}
