using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace RtcLive.Hls.Tests;

/// <summary>ffprobe on a file: its streams (codec, size) and duration.</summary>
internal static class Ffprobe
{
    public sealed record Stream(string CodecName, string CodecType, int Width, int Height, int Packets, double Duration);

    public sealed record Result(IReadOnlyList<Stream> Streams, double Duration);

    public static async Task<Result> RunAsync(string path)
    {
        var start = new ProcessStartInfo("ffprobe") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in (string[])["-v", "error", "-count_packets", "-show_entries", "stream=codec_name,codec_type,width,height,nb_read_packets,duration:format=duration", "-of", "json", path])
            start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        string json = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        using var doc = JsonDocument.Parse(json);
        var streams = new List<Stream>();
        foreach (var s in doc.RootElement.GetProperty("streams").EnumerateArray())
            streams.Add(new Stream(s.GetProperty("codec_name").GetString()!, s.GetProperty("codec_type").GetString()!,
                s.TryGetProperty("width", out var w) ? w.GetInt32() : 0, s.TryGetProperty("height", out var h) ? h.GetInt32() : 0,
                s.TryGetProperty("nb_read_packets", out var n) ? int.Parse(n.GetString()!, CultureInfo.InvariantCulture) : 0,
                s.TryGetProperty("duration", out var sd) && double.TryParse(sd.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : 0));
        double duration = doc.RootElement.TryGetProperty("format", out var f) && f.TryGetProperty("duration", out var d)
            ? double.Parse(d.GetString()!, CultureInfo.InvariantCulture) : 0;
        return new Result(streams, duration);
    }
}
