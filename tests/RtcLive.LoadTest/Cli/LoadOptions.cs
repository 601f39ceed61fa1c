using System.Globalization;
using System.Net;
using RtcLive.LoadTest.Ramp;

namespace RtcLive.LoadTest.Cli;

/// <summary>The command line: what to load, how hard and for how long. Every loop the runner makes is bounded by these.</summary>
internal sealed record LoadOptions
{
    public string Target { get; init; } = "rtclive";
    public Uri? Url { get; init; }
    public int Publishers { get; init; } = 1;
    public int SubscribersPerPublisher { get; init; } = 10;
    public double WarmupSeconds { get; init; } = 3;
    public double DurationSeconds { get; init; } = 10;
    public string Layer { get; init; } = "h";
    /// <summary>The region hint subscribers join with (a cluster places them there: relay links then carry the room).</summary>
    public string? SubscriberRegion { get; init; }
    public int? SfuPid { get; init; }
    public bool Ramp { get; init; }
    /// <summary>Soak mode: a long run with a subscriber leaving and another joining every <see cref="ChurnSeconds"/>.</summary>
    public bool Soak { get; init; }
    public double ChurnSeconds { get; init; } = 3;
    public int RampStart { get; init; } = 50;
    public int RampStep { get; init; } = 50;
    public int RampMax { get; init; } = 1000;
    public double RampWindowSeconds { get; init; } = 5;
    public RampLimits Limits { get; init; } = new();
    public double TimeLimitSeconds { get; init; } = 600;
    public int ConnectConcurrency { get; init; } = 8;
    public bool Json { get; init; }
    public string? JsonFile { get; init; }
    public string RoomPrefix { get; init; } = "load-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
    /// <summary>Exit 3 when the run's loss passes this fraction or nothing arrived (for smoke tests).</summary>
    public double? FailAboveLoss { get; init; }
    public bool Quiet { get; init; }
    /// <summary>Where our peers bind. Janus in a loopback namespace only reaches peers on its own veth address (127.0.0.2).</summary>
    public IPAddress LocalAddress { get; init; } = IPAddress.Loopback;

    public Uri EffectiveUrl => Url ?? new Uri(Target == "janus" ? "http://127.0.0.1:8088/janus" : "http://127.0.0.1:8080");

    public const string Usage = """
        rtclive-load: publishers and subscribers against an SFU, with loss, delay and the SFU's CPU and memory.

          --target rtclive|rtclive-whip|janus   signaling: RtcLive's SignalR hub, RtcLive WHIP/WHEP, Janus VideoRoom HTTP API
          --url URL                 RtcLive base (http://127.0.0.1:8080) or Janus API (http://127.0.0.1:8088/janus)
          --publishers N            rooms, one simulcast publisher each (default 1)
          --subscribers N           subscribers per publisher (default 10)
          --layer q|h|f             simulcast layer subscribers ask for (default h; WHEP gets what the SFU picks)
          --warmup S --duration S   seconds before measuring, seconds measured (defaults 3, 10)
          --sfu-pid PID             the SFU process whose CPU and RSS to sample from /proc
          --ramp                    add subscribers step by step until loss or delay p99 pass the limits
          --soak                    a long run (--duration) where the oldest subscriber leaves and a new one joins
                                    every --churn S (default 3); reports the SFU's memory, handle and thread slopes
                                    and, for RtcLive, participants left behind after everyone left
          --ramp-start N --ramp-step N --ramp-max N --ramp-window S   (defaults 50, 50, 1000, 5)
          --max-loss F --max-p99-ms MS  limits of a good ramp step (defaults 0.005, 50)
          --time-limit S            hard bound on the whole run (default 600)
          --concurrency N           subscribers connecting at once (default 8)
          --json                    print the report as JSON on stdout (the table goes to stderr)
          --json-file PATH          also write the JSON report there
          --fail-above-loss F       exit 3 when loss passes F or no media arrived (smoke tests)
          --local-address IP        address our peers bind to (default 127.0.0.1; Janus in the bench: 127.0.0.2)
          --subscriber-region R     RtcLive: subscribers join with the region hint R (in a cluster, a relay link then
                                    carries the room to their node)
          --quiet                   no progress bar
        """;

    /// <exception cref="ArgumentException">An unknown option or a bad value.</exception>
    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        var o = new LoadOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");
            int Int() => int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v >= 0 ? v : throw new ArgumentException($"{name}: not a count");
            double Num() => double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v >= 0 ? v : throw new ArgumentException($"{name}: not a number");
            o = name switch
            {
                "--target" => o with { Target = Value() is var t && t is "rtclive" or "rtclive-whip" or "janus" ? t : throw new ArgumentException($"--target: unknown '{t}'") },
                "--url" => o with { Url = new Uri(Value()) },
                "--publishers" => o with { Publishers = Math.Max(1, Int()) },
                "--subscribers" => o with { SubscribersPerPublisher = Int() },
                "--layer" => o with { Layer = Value() is var l && l is "q" or "h" or "f" ? l : throw new ArgumentException("--layer: q, h or f") },
                "--warmup" => o with { WarmupSeconds = Num() },
                "--duration" => o with { DurationSeconds = Math.Max(1, Num()) },
                "--sfu-pid" => o with { SfuPid = Int() },
                "--ramp" => o with { Ramp = true },
                "--soak" => o with { Soak = true },
                "--churn" => o with { ChurnSeconds = Math.Max(0.5, Num()) },
                "--ramp-start" => o with { RampStart = Math.Max(1, Int()) },
                "--ramp-step" => o with { RampStep = Math.Max(1, Int()) },
                "--ramp-max" => o with { RampMax = Math.Max(1, Int()) },
                "--ramp-window" => o with { RampWindowSeconds = Math.Max(1, Num()) },
                "--max-loss" => o with { Limits = o.Limits with { MaxLossFraction = Num() } },
                "--max-p99-ms" => o with { Limits = o.Limits with { MaxP99Millis = Num() } },
                "--time-limit" => o with { TimeLimitSeconds = Math.Max(5, Num()) },
                "--concurrency" => o with { ConnectConcurrency = Math.Max(1, Int()) },
                "--json" => o with { Json = true },
                "--json-file" => o with { JsonFile = Value() },
                "--room-prefix" => o with { RoomPrefix = Value() },
                "--fail-above-loss" => o with { FailAboveLoss = Num() },
                "--quiet" => o with { Quiet = true },
                "--subscriber-region" => o with { SubscriberRegion = Value() is { Length: > 0 and <= 64 } r && r.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? r : throw new ArgumentException("--subscriber-region: letters, digits, - and _") },
                "--local-address" => o with { LocalAddress = IPAddress.TryParse(Value(), out var a) ? a : throw new ArgumentException("--local-address: not an IP address") },
                _ => throw new ArgumentException($"unknown option {name}"),
            };
        }
        return o;
    }
}
