using System.Globalization;
using RtcLive.LoadTest.Sampling;

namespace RtcLive.LoadTest.Flood;

/// <summary>
/// <c>rtclive-load flood …</c>: runs one bounded flood against a running RtcLive and prints a <c>flood:</c> line with what
/// was sent, what the server counted as dropped or refused (its <c>/metrics</c> before and after), and the node's CPU and
/// RSS when <c>--sfu-pid</c> names it.
/// </summary>
internal static class FloodCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken ct)
    {
        FloodOptions options;
        try
        {
            options = FloodOptions.Parse(args);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
        {
            Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine(FloodOptions.Usage);
            return 2;
        }

        var sampler = options.SfuPid is { } pid ? new ProcessSampler(pid) : null;
        var metricsBefore = await ScrapeAsync(options.Url, ct);
        var before = sampler?.Sample();
        string sent;
        var duration = TimeSpan.FromSeconds(options.Seconds);
        if (options.Kind == "join")
        {
            var result = await new JoinFlood(options.Url, options.Room).RunAsync(options.Count, duration, options.Rate, ct);
            sent = $"{result.Joined + result.Refused + result.Failed:N0} connections in {result.Elapsed.TotalSeconds:F1} s: " +
                   $"joined {result.Joined:N0}, refused (429) {result.Refused:N0}, failed {result.Failed:N0}";
        }
        else
        {
            var set = options.Kind switch
            {
                "stun" => FloodDatagramSet.StunChecks(options.Ufrag),
                "dtls" => await FloodDatagramSet.ClientHellosAsync(16, ct),
                _ => FloodDatagramSet.Random(Environment.ProcessId),
            };
            using var flood = new DatagramFlood(options.Target, options.From, options.Sources);
            var result = await Task.Factory.StartNew(() => flood.Run(set, options.Count, duration, options.Rate, ct),
                ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            sent = $"{result.Sent:N0} datagrams in {result.Elapsed.TotalSeconds:F1} s ({result.SentPerSecond:N0}/s), {result.Failed:N0} send failures";
        }
        await Task.Delay(500, ct); // the server reads and counts what is still in its socket buffer
        var after = sampler?.Sample();
        var metricsAfter = await ScrapeAsync(options.Url, ct);

        string node = before is { } b && after is { } a
            ? $"; node CPU {a.CpuSeconds - b.CpuSeconds:F2} s, RSS {b.RssBytes / 1048576.0:F0} → {a.RssBytes / 1048576.0:F0} MiB"
            : "";
        Console.WriteLine($"flood: {options.Kind}: {sent}; counted by the server: {Deltas(metricsBefore, metricsAfter)}{node}");
        return 0;
    }

    private static readonly string[] Counted =
    [
        "rtclive_udp_datagrams_received_total",
        "rtclive_udp_datagrams_dropped_total",
        "rtclive_stun_error_responses_suppressed_total",
        "rtclive_dtls_handshakes_refused_total",
        "rtclive_requests_refused_total",
    ];

    private static async Task<Dictionary<string, double>> ScrapeAsync(Uri url, CancellationToken ct)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        try
        {
            using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(5) };
            foreach (string line in (await http.GetStringAsync("/metrics", ct)).Split('\n'))
            {
                if (line.StartsWith('#') || !Array.Exists(Counted, name => line.StartsWith(name, StringComparison.Ordinal))) continue;
                int space = line.LastIndexOf(' ');
                if (space > 0 && double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                    values[line[..space]] = value;
            }
        }
        catch (HttpRequestException)
        {
            // No metrics at that URL (a standalone node elsewhere): the flood line says so.
        }
        return values;
    }

    private static string Deltas(Dictionary<string, double> before, Dictionary<string, double> after)
    {
        if (after.Count == 0) return "no /metrics at --url";
        var parts = new List<string>();
        foreach (var (name, value) in after)
        {
            double delta = value - before.GetValueOrDefault(name);
            if (delta > 0) parts.Add($"{name} +{delta:N0}");
        }
        return parts.Count == 0 ? "nothing" : string.Join(", ", parts);
    }
}
