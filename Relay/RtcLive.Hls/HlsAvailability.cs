namespace RtcLive.Hls;

/// <summary>Whether HLS can run in this process, and if not, the reason people read (logs, 503 bodies).</summary>
public sealed record HlsAvailability(string? FfmpegPath, string? OffReason)
{
    public bool IsOn => OffReason is null;

    public static HlsAvailability Off(string reason) => new(null, reason);

    /// <summary>Looks for ffmpeg as configured: a path that exists, or a name found on PATH.</summary>
    public static HlsAvailability Detect(HlsOptions options)
    {
        if (!options.Enabled) return Off("HLS is off: RtcLive:Hls:Enabled is false");
        string configured = options.FfmpegPath is { Length: > 0 } p ? p : "ffmpeg";
        if (FindExecutable(configured) is { } found) return new HlsAvailability(found, null);
        return Off($"HLS is off: ffmpeg was not found (RtcLive:Hls:FfmpegPath is '{configured}'); install it (Debian: apt-get install ffmpeg) or set the path");
    }

    private static string? FindExecutable(string name)
    {
        if (name.Contains('/')) return File.Exists(name) ? Path.GetFullPath(name) : null;
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
