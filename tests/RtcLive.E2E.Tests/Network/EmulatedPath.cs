using System.Globalization;

namespace RtcLive.E2E.Tests.Network;

/// <summary>
/// One client's network path to the server: a veth pair from the test's namespace (server side, 10.99.N.1) to
/// the client's own namespace (10.99.N.2, default route back through it), and the impairments a bad network
/// brings, all done by the kernel on that pair: random loss (nftables <c>numgen random</c> on the server
/// end's egress for the way down and ingress for the way up), a rate cap (tbf on the server end's egress), a
/// dead path (nftables dropping everything both ways). This kernel has no sch_netem; delay with jitter is
/// <see cref="TunDelayLine"/>'s job.
/// </summary>
internal sealed class EmulatedPath : IAsyncDisposable
{
    private readonly string _table;
    private bool _hasTable;

    private EmulatedPath(int index, NetworkNamespace client)
    {
        Index = index;
        Client = client;
        ServerDevice = $"rtls{index}";
        ClientDevice = $"rtlc{index}";
        _table = $"rtlpath{index}";
    }

    public int Index { get; }

    public NetworkNamespace Client { get; }

    public string ServerDevice { get; }

    public string ClientDevice { get; }

    public string ClientAddress => $"10.99.{Index}.2";

    /// <summary>A veth pair into a new namespace; <paramref name="index"/> (1–250) picks names and subnet.</summary>
    public static async Task<EmulatedPath> CreateAsync(int index)
    {
        var client = await NetworkNamespace.CreateAsync();
        var path = new EmulatedPath(index, client);
        try
        {
            await HostCommand.RunAsync("ip", "link", "add", path.ServerDevice, "type", "veth", "peer", "name", path.ClientDevice);
            await HostCommand.RunAsync("ip", "link", "set", path.ClientDevice, "netns", client.Pid.ToString(CultureInfo.InvariantCulture));
            await HostCommand.RunAsync("ip", "addr", "add", $"10.99.{index}.1/24", "dev", path.ServerDevice);
            await HostCommand.RunAsync("ip", "link", "set", path.ServerDevice, "up");
            await client.RunAsync("ip", "addr", "add", $"{path.ClientAddress}/24", "dev", path.ClientDevice);
            await client.RunAsync("ip", "link", "set", path.ClientDevice, "up");
            await client.RunAsync("ip", "route", "add", "default", "via", $"10.99.{index}.1");
            return path;
        }
        catch
        {
            await path.DisposeAsync();
            throw;
        }
    }

    /// <summary>Random loss of <paramref name="downPercent"/> % of the packets to the client and <paramref name="upPercent"/> % from it.</summary>
    public Task SetLossAsync(double downPercent, double upPercent) =>
        ReplaceRulesAsync(Rule(downPercent), Rule(upPercent));

    /// <summary>Nothing passes either way until <see cref="HealAsync"/>.</summary>
    public Task KillAsync() => ReplaceRulesAsync("drop", "drop");

    /// <summary>Takes away loss and a dead path (not the rate cap).</summary>
    public async Task HealAsync()
    {
        if (!_hasTable) return;
        await HostCommand.RunAsync("nft", "delete", "table", "netdev", _table);
        _hasTable = false;
    }

    /// <summary>
    /// Caps the way to the client at <paramref name="kbitPerSecond"/> with a token bucket whose queue holds
    /// <paramref name="queueMs"/> of traffic at that rate (a home router's buffer); beyond it packets drop.
    /// </summary>
    public Task CapDownlinkAsync(int kbitPerSecond, int queueMs) =>
        HostCommand.RunAsync("tc", "qdisc", "replace", "dev", ServerDevice, "root", "tbf",
            "rate", $"{kbitPerSecond}kbit", "burst", "3000", "latency", $"{queueMs}ms");

    public Task UncapAsync() => HostCommand.RunAsync("tc", "qdisc", "del", "dev", ServerDevice, "root");

    /// <summary>Packets the way down's queue sent and dropped (a full tbf queue drops), from <c>tc -s</c>.</summary>
    public async Task<(long Sent, long Dropped)> DownlinkCountersAsync()
    {
        string stats = await HostCommand.RunAsync("tc", "-s", "qdisc", "show", "dev", ServerDevice);
        var match = System.Text.RegularExpressions.Regex.Match(stats, @"Sent \d+ bytes (\d+) pkt \(dropped (\d+)");
        return match.Success
            ? (long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture))
            : (0, 0);
    }

    private static string? Rule(double percent)
    {
        if (percent <= 0) return null;
        int perMille = (int)Math.Round(percent * 10);
        return $"numgen random mod 1000 < {perMille} drop";
    }

    private async Task ReplaceRulesAsync(string? down, string? up)
    {
        await HealAsync();
        if (down is null && up is null) return;
        // One nft transaction: the table with an egress chain (to the client) and an ingress chain (from it).
        string script = $$"""
            table netdev {{_table}} {
              chain down {
                type filter hook egress device "{{ServerDevice}}" priority 0;
                {{down ?? ""}}
              }
              chain up {
                type filter hook ingress device "{{ServerDevice}}" priority 0;
                {{up ?? ""}}
              }
            }
            """;
        string file = Path.Combine(Path.GetTempPath(), $"{_table}-{Environment.ProcessId}.nft");
        await File.WriteAllTextAsync(file, script);
        try
        {
            await HostCommand.RunAsync("nft", "-f", file);
            _hasTable = true;
        }
        finally
        {
            File.Delete(file);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await HealAsync();
        }
        catch (InvalidOperationException)
        {
            // The device is gone already: so is the table.
        }
        // The client's end dies with its namespace, and a veth pair with it.
        await Client.DisposeAsync();
        try
        {
            await HostCommand.RunAsync("ip", "link", "del", ServerDevice);
        }
        catch (InvalidOperationException)
        {
            // Already gone with its peer.
        }
    }
}
