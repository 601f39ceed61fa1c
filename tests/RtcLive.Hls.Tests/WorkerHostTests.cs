using System.Diagnostics;

namespace RtcLive.Hls.Tests;

/// <summary>The standalone HLS worker refuses to start without ffmpeg, saying why.</summary>
public sealed class WorkerHostTests
{
    [Fact]
    public async Task Without_ffmpeg_the_worker_refuses_to_start_and_says_why()
    {
        string dll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../Relay/RtcLive.Hls.Worker/bin/Release/net10.0/RtcLive.Hls.Worker.dll"));
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in (string[])[dll, "--RtcLive:Hls:FfmpegPath=/nonexistent/ffmpeg", "--Kestrel:Endpoints:Http:Url=http://127.0.0.1:0"])
            start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        string stderr = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotEqual(0, p.ExitCode);
        Assert.Contains("ffmpeg was not found", stderr);
        Assert.Contains("not starting", stderr);
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
