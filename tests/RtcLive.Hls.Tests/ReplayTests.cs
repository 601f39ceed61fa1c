using RtcLive.Hls.Packaging;
using RtcLive.Hls.Rooms;

namespace RtcLive.Hls.Tests;

/// <summary>
/// Replays: an ended rung with Replay on writes a VOD playlist of every segment (both runs of ffmpeg, the restart a
/// discontinuity); the store finds a room's latest finished replay and serves only the files the worker writes,
/// inside the room's folder.
/// </summary>
public sealed class ReplayTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"rtclive-replay-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static void Seconds(RungPackager packager, int from, int count)
    {
        for (int second = from; second < from + count; second++)
            for (int p = 0; p < 3; p++)
            {
                var (bytes, moof) = Fmp4Builder.Fragment((second * 30 + p * 10) * 3000L, 10, key: p == 0);
                packager.OnFragment(bytes, moof);
            }
    }

    [Fact]
    public void An_ended_rung_with_replay_on_writes_a_vod_playlist_of_every_segment()
    {
        var options = new HlsOptions { SegmentSeconds = 1.0, PartSeconds = 0.333, WindowSegments = 3, Replay = true };
        var packager = new RungPackager("360p", Path.Combine(_dir, "360p"), options);
        packager.OnInit(0, Fmp4Builder.Init());
        Seconds(packager, 0, 5);
        packager.OnRunEnded();
        packager.OnInit(1, Fmp4Builder.Init());
        Seconds(packager, 0, 2);
        Assert.False(File.Exists(Path.Combine(packager.Directory, RungPackager.ReplayPlaylistFile)));
        packager.End();

        string vod = File.ReadAllText(Path.Combine(packager.Directory, RungPackager.ReplayPlaylistFile));
        Assert.StartsWith("#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-PLAYLIST-TYPE:VOD\n", vod);
        Assert.EndsWith("#EXT-X-ENDLIST\n", vod);
        Assert.Contains("#EXT-X-MEDIA-SEQUENCE:0\n", vod);
        Assert.DoesNotContain("EXT-X-PART", vod);
        Assert.DoesNotContain("SERVER-CONTROL", vod);
        // Seven segments (more than the live window of three), the restart marked, each run with its init segment.
        for (int s = 0; s < 7; s++) Assert.Contains($"\ns{s}.m4s\n", vod);
        Assert.Contains("#EXT-X-MAP:URI=\"init-0.mp4\"\n", vod);
        Assert.Contains("#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"init-1.mp4\"\n", vod);
        for (int s = 0; s < 7; s++) Assert.True(File.Exists(Path.Combine(packager.Directory, $"s{s}.m4s")));
    }

    [Fact]
    public void The_store_serves_the_latest_finished_replay_and_nothing_outside_it()
    {
        string room = Path.Combine(_dir, Uri.EscapeDataString("maths 1"));
        void Run(string run, bool finished)
        {
            Directory.CreateDirectory(Path.Combine(room, run, "720p"));
            File.WriteAllText(Path.Combine(room, run, "720p", "s0.m4s"), run);
            if (finished) File.WriteAllText(Path.Combine(room, run, ReplayStore.MultivariantFile), "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n720p/replay.m3u8\n");
        }
        Run("20261126100000111", finished: true);
        Run("20261126110000222", finished: true);
        Run("20261126120000333", finished: false); // still running: not a replay yet
        File.WriteAllText(Path.Combine(_dir, "secret.txt"), "no");

        var store = new ReplayStore(_dir);
        var latest = store.Latest("maths 1");
        Assert.NotNull(latest);
        Assert.Equal("20261126110000222", latest.Value.Run);
        Assert.Equal("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n20261126110000222/720p/replay.m3u8\n", latest.Value.Playlist);
        Assert.Null(store.Latest("another room"));

        Assert.Equal(Path.Combine(room, "20261126100000111", "720p", "s0.m4s"), store.PathOf("maths 1", "20261126100000111", "720p", "s0.m4s"));
        Assert.Null(store.PathOf("maths 1", "20261126120000333", "720p", "s0.m4s")); // unfinished
        Assert.Null(store.PathOf("maths 1", "20261126100000111", "720p", "s9.m4s")); // not there
        Assert.Null(store.PathOf("maths 1", "20261126100000111", "720p", "../../../secret.txt"));
        Assert.Null(store.PathOf("maths 1", "..", "720p", "s0.m4s"));
        Assert.Null(store.PathOf("maths 1", "20261126100000111", "..", "s0.m4s"));
        Assert.Null(store.Latest(".."));
        Assert.Null(store.Latest("."));
        Assert.Null(store.PathOf("..", "20261126100000111", "720p", "s0.m4s"));
        Assert.Null(store.Latest(""));
    }
}
