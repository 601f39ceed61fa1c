using System.Globalization;
using System.Net;

namespace RtcLive.LoadTest.Flood;

/// <summary>The <c>flood</c> subcommand's command line. Every flood is bounded in count and in time.</summary>
public sealed record FloodOptions
{
    public string Kind { get; init; } = "random";
    public IPEndPoint Target { get; init; } = new(IPAddress.Loopback, 50000);
    public Uri Url { get; init; } = new("http://127.0.0.1:8080");
    public IPAddress From { get; init; } = IPAddress.Loopback;
    public double Seconds { get; init; } = 5;
    public long Count { get; init; } = 1_000_000;
    public int Rate { get; init; }
    public int Sources { get; init; } = 16;
    public string? Ufrag { get; init; }
    public string Room { get; init; } = "flood";
    public int? SfuPid { get; init; }

    public static readonly string[] Kinds = ["random", "stun", "dtls", "join"];

    public const string Usage = """
        rtclive-load flood: a bounded flood at a running RtcLive, for operators to replay what ./test.sh survives.

          --kind random|stun|dtls|join  random datagrams; STUN checks with wrong credentials; DTLS ClientHellos (all at
                                    the media port); or SignalR connections and joins at the hub (default random)
          --target HOST:PORT        the media port (default 127.0.0.1:50000)
          --url URL                 signaling, for --kind join and for its /metrics before and after (default http://127.0.0.1:8080)
          --from IP                 local address the flood comes from (default 127.0.0.1; 127.0.0.2 on loopback keeps it apart)
          --seconds S --count N     stop after S seconds or N datagrams/connections, whichever first (defaults 5, 1000000)
          --rate N                  at most N per second (default 0: as fast as possible)
          --sources N               local ports the datagrams rotate over (default 16)
          --ufrag UFRAG             a session's ufrag for --kind stun: the checks then reach it and fail its password
          --room ROOM               room for --kind join (default flood; needs dev tokens on the server)
          --sfu-pid PID             the node process whose CPU and RSS to report before and after
        """;

    /// <exception cref="ArgumentException">An unknown option or a bad value.</exception>
    public static FloodOptions Parse(IReadOnlyList<string> args)
    {
        var options = new FloodOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");
            options = name switch
            {
                "--kind" => options with { Kind = Array.IndexOf(Kinds, Value()) >= 0 ? args[i] : throw new ArgumentException($"--kind must be one of {string.Join(", ", Kinds)}") },
                "--target" => options with { Target = IPEndPoint.TryParse(Value(), out var target) && target.Port != 0 ? target : throw new ArgumentException("--target must be HOST:PORT") },
                "--url" => options with { Url = Uri.TryCreate(Value(), UriKind.Absolute, out var url) ? url : throw new ArgumentException("--url must be an absolute URL") },
                "--from" => options with { From = IPAddress.TryParse(Value(), out var from) ? from : throw new ArgumentException("--from must be an IP address") },
                "--seconds" => options with { Seconds = Positive(name, double.Parse(Value(), CultureInfo.InvariantCulture)) },
                "--count" => options with { Count = (long)Positive(name, long.Parse(Value(), CultureInfo.InvariantCulture)) },
                "--rate" => options with { Rate = (int)NotNegative(name, int.Parse(Value(), CultureInfo.InvariantCulture)) },
                "--sources" => options with { Sources = (int)Positive(name, int.Parse(Value(), CultureInfo.InvariantCulture)) },
                "--ufrag" => options with { Ufrag = Value() },
                "--room" => options with { Room = Value() },
                "--sfu-pid" => options with { SfuPid = int.Parse(Value(), CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"unknown option {name}"),
            };
        }
        if (options.Seconds > 600) throw new ArgumentException("--seconds is at most 600: a flood is a test, not an attack");
        return options;
    }

    private static double Positive(string name, double value) => value > 0 ? value : throw new ArgumentException($"{name} must be positive");

    private static double NotNegative(string name, double value) => value >= 0 ? value : throw new ArgumentException($"{name} must not be negative");
}
