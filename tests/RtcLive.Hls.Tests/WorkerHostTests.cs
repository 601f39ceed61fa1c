using System.Diagnostics;

namespace RtcLive.Hls.Tests;

/// <summary>The standalone HLS worker refuses to start without ffmpeg or without a cluster to find rooms in, saying why.</summary>
public sealed class WorkerHostTests
{
    [Fact]
    public async Task Without_ffmpeg_the_worker_refuses_to_start_and_says_why()
    {
        var (exitCode, stderr) = await RunWorkerAsync("--RtcLive:Hls:FfmpegPath=/nonexistent/ffmpeg");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("ffmpeg was not found", stderr);
        Assert.Contains("not starting", stderr);
    }

    [Fact]
    public async Task Without_a_cluster_or_a_control_token_the_worker_refuses_to_start_and_says_why()
    {
        var (exitCode, stderr) = await RunWorkerAsync("--RtcLive:Cluster:Redis=");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("RtcLive:Cluster:Redis is empty", stderr);

        (exitCode, stderr) = await RunWorkerAsync("--RtcLive:Cluster:Redis=127.0.0.1:1", "--RtcLive:HlsWorker:ControlToken=");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("ControlToken is empty", stderr);
    }

    private static async Task<(int ExitCode, string Stderr)> RunWorkerAsync(params string[] args)
    {
        string dll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../Relay/RtcLive.Hls.Worker/bin/Release/net10.0/RtcLive.Hls.Worker.dll"));
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in (string[])[dll, "--Kestrel:Endpoints:Http:Url=http://127.0.0.1:0", .. args]) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        _ = p.StandardOutput.ReadToEndAsync();
        string stderr = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return (p.ExitCode, stderr);
    }
}

/// <summary>Embedded mode without ffmpeg: HLS is off, and the reason is what requests get with their 503.</summary>
public sealed class AvailabilityTests
{
    [Fact]
    public void Without_ffmpeg_hls_is_off_and_says_why()
    {
        var rooms = new Rooms.HlsRooms(Microsoft.Extensions.Options.Options.Create(new HlsOptions { FfmpegPath = "/nonexistent/ffmpeg" }),
            new FfmpegRtpSource(), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        Assert.False(rooms.Availability.IsOn);
        Assert.Contains("ffmpeg was not found", rooms.Availability.OffReason);
        Assert.Null(rooms.Watch("physics", "client"));
    }
}

/// <summary>Requests for many rooms (made-up names included) cannot start more than MaxRooms at once.</summary>
public sealed class RoomLimitTests
{
    [Fact]
    public async Task Past_max_rooms_a_new_room_is_refused_and_running_ones_still_served()
    {
        string directory = Path.Combine(Path.GetTempPath(), $"rtclive-hls-limit-{Guid.NewGuid():N}");
        await using (var rooms = new Rooms.HlsRooms(Microsoft.Extensions.Options.Options.Create(new HlsOptions { MaxRooms = 2, Directory = directory }),
            new SilentSource(), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance))
        {
            Assert.True(rooms.Availability.IsOn, rooms.Availability.OffReason);
            Assert.NotNull(rooms.Watch("a", "client"));
            Assert.NotNull(rooms.Watch("b", "client"));
            Assert.Null(rooms.Watch("c", "client"));
            Assert.NotNull(rooms.Watch("a", "another client"));
            Assert.Contains("RtcLive:Hls:MaxRooms", rooms.FullReason);
        }
        Directory.Delete(directory, recursive: true);
    }

    /// <summary>A class that never publishes: the rooms wait for video, nothing is transcoded.</summary>
    private sealed class SilentSource : Ingest.IHlsMediaSource
    {
        public IDisposable Open(string room, Ingest.ClassMediaIngest ingest) => new Nothing();

        private sealed class Nothing : IDisposable
        {
            public void Dispose()
            {
            }
        }
    }
}
