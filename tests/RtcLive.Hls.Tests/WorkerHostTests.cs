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
