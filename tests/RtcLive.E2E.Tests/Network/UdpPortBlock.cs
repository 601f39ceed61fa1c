using System.Diagnostics;
using System.Text.RegularExpressions;

namespace RtcLive.E2E.Tests.Network;

/// <summary>
/// Drops every UDP datagram to and from one port with nftables, inside the test's loopback-only namespace: a
/// network that blocks UDP, as far as that port is concerned. Its own table, removed on dispose; the counters
/// say how many datagrams were dropped, so a test can show the browser did try UDP.
/// </summary>
public sealed partial class UdpPortBlock : IAsyncDisposable
{
    private readonly string _table;

    private UdpPortBlock(string table) => _table = table;

    public static async Task<UdpPortBlock> ApplyAsync(int port)
    {
        string table = $"rtclive_block_udp_{port}";
        await NftAsync($"add table inet {table}");
        await NftAsync($"add chain inet {table} input {{ type filter hook input priority 0 ; policy accept ; }}");
        await NftAsync($"add chain inet {table} output {{ type filter hook output priority 0 ; policy accept ; }}");
        await NftAsync($"add rule inet {table} input udp dport {port} counter drop");
        await NftAsync($"add rule inet {table} output udp sport {port} counter drop");
        return new UdpPortBlock(table);
    }

    /// <summary>Datagrams dropped so far (to the port, and from it).</summary>
    public async Task<long> DroppedAsync()
    {
        string listing = await NftAsync($"list table inet {_table}");
        long total = 0;
        foreach (Match m in Counter().Matches(listing)) total += long.Parse(m.Groups[1].Value);
        return total;
    }

    [GeneratedRegex(@"counter packets (\d+)")]
    private static partial Regex Counter();

    private static async Task<string> NftAsync(string command)
    {
        const string nft = "/usr/sbin/nft";
        if (!File.Exists(nft)) throw new InvalidOperationException($"{nft} is missing: ./test.sh installs it (apt-get install nftables)");
        var start = new ProcessStartInfo(nft) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in command.Split(' ', StringSplitOptions.RemoveEmptyEntries)) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        string output = await process.StandardOutput.ReadToEndAsync();
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"nft {command} failed ({process.ExitCode}): {error.Trim()} (the browser tests run as root in their own namespace)");
        return output;
    }

    public async ValueTask DisposeAsync() => await NftAsync($"delete table inet {_table}");
}
