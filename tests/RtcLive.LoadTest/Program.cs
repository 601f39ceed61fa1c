using System.Text.Json;
using System.Text.Json.Serialization;
using RtcLive.LoadTest.Cli;
using RtcLive.LoadTest.Media;
using RtcLive.LoadTest.Report;
using RtcLive.LoadTest.Runner;
using RtcLive.LoadTest.Targets;

namespace RtcLive.LoadTest;

internal static class Program
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] is "-h" or "--help")
        {
            Console.WriteLine(LoadOptions.Usage);
            return 0;
        }
        // `rtclive-load flood --kind random|stun|dtls|join …`: one bounded flood, for operators to replay.
        if (args.Length > 0 && args[0] == "flood")
        {
            if (args.Length > 1 && args[1] is "-h" or "--help")
            {
                Console.WriteLine(Flood.FloodOptions.Usage);
                return 0;
            }
            using var stop = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                stop.Cancel();
            };
            return await Flood.FloodCommand.RunAsync(args[1..], stop.Token);
        }
        // `rtclive-load report FOLDER OUTPUT COMMAND`: BENCHMARKS.md from a bench run's JSON reports.
        if (args.Length == 4 && args[0] == "report")
        {
            await File.WriteAllTextAsync(args[2], BenchmarkMarkdown.Render(args[1], args[3]));
            return 0;
        }
        LoadOptions options;
        try
        {
            options = LoadOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine(LoadOptions.Usage);
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        var peers = new PeerFactory(options.LocalAddress);
        await using ILoadTarget target = options.Target switch
        {
            "janus" => new JanusTarget(options.EffectiveUrl, SubstreamOf(options.Layer), LayerSpec.Default720p, peers),
            "rtclive-whip" => new RtcLiveWhipTarget(options.EffectiveUrl, options.RoomPrefix, LayerSpec.Default720p, peers),
            _ => new RtcLiveHubTarget(options.EffectiveUrl, options.RoomPrefix, options.Layer, LayerSpec.Default720p, peers, options.SubscriberRegion),
        };
        if (options.Soak) return await SoakAsync(options, target, cancel.Token);
        LoadReport report;
        try
        {
            report = await new LoadRunner(options, target).RunAsync(cancel.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException or HttpRequestException or TimeoutException
                                       or WebRtc.Client.ClientConnectException)
        {
            Console.Error.WriteLine($"load run failed: {ex.GetType().Name}: {ex.Message}");
            return 1;
        }

        string table = SummaryTable.Render(report);
        string json = JsonSerializer.Serialize(report, JsonOptions);
        if (options.JsonFile is { } file) await File.WriteAllTextAsync(file, json);
        if (options.Json)
        {
            Console.Error.Write(table);
            Console.WriteLine(json);
        }
        else Console.Write(table);

        if (options.FailAboveLoss is { } maxLoss && (report.PacketsForwarded == 0 || report.LossPercent / 100 > maxLoss || report.ConnectFailures > 0))
        {
            Console.Error.WriteLine($"check failed: forwarded {report.PacketsForwarded}, loss {report.LossPercent:F3} %, {report.ConnectFailures} connect failures (limit {maxLoss * 100:F2} %)");
            return 3;
        }
        return 0;
    }

    /// <summary>
    /// The soak: exit 4 when it shows a leak (participants left behind, handles growing more than 1 a minute) or
    /// more than 1 % of its joins failed; the memory slope is reported, judged by whoever reads it (GC makes RSS noisy).
    /// </summary>
    private static async Task<int> SoakAsync(LoadOptions options, ILoadTarget target, CancellationToken ct)
    {
        Soak.SoakReport report;
        try
        {
            report = await new Soak.SoakRunner(options, target).RunAsync(ct);
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException or HttpRequestException or TimeoutException
                                       or WebRtc.Client.ClientConnectException)
        {
            Console.Error.WriteLine($"soak failed: {ex.GetType().Name}: {ex.Message}");
            return 1;
        }
        string table = Soak.SoakTable.Render(report);
        string json = JsonSerializer.Serialize(report, JsonOptions);
        if (options.JsonFile is { } file) await File.WriteAllTextAsync(file, json);
        if (options.Json)
        {
            Console.Error.Write(table);
            Console.WriteLine(json);
        }
        else Console.Write(table);
        var problems = Soak.SoakVerdict.Problems(report);
        foreach (string problem in problems) Console.Error.WriteLine($"soak check failed: {problem}");
        return problems.Count == 0 ? 0 : 4;
    }

    /// <summary>Janus numbers substreams 0 (lowest) to 2; the middle one is the middle whichever way it orders rids.</summary>
    private static int SubstreamOf(string layer) => layer switch { "q" => 0, "f" => 2, _ => 1 };
}
