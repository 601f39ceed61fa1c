using System.Diagnostics;

namespace RtcLive.E2E.Tests.Network;

/// <summary>
/// A network namespace of its own, nested in the test's loopback-only one, kept alive by a holder process
/// (<c>unshare -n sleep infinity</c>) and entered through <c>/proc/PID/ns/net</c>. No name under /run/netns:
/// that folder is shared with the host, so named namespaces would outlive a crashed test and collide with
/// other runs; this one goes away with its holder, taking its end of every veth pair with it. IPv6 is off
/// inside, so Chromium gathers IPv4 candidates only.
/// </summary>
internal sealed class NetworkNamespace : IAsyncDisposable
{
    private readonly Process _holder;

    private NetworkNamespace(Process holder) => _holder = holder;

    public int Pid => _holder.Id;

    /// <summary>For nsenter's <c>--net=</c>.</summary>
    public string NetPath => $"/proc/{Pid}/ns/net";

    public static async Task<NetworkNamespace> CreateAsync()
    {
        var start = new ProcessStartInfo("unshare") { UseShellExecute = false };
        foreach (string arg in new[] { "-n", "--", "sleep", "infinity" }) start.ArgumentList.Add(arg);
        var ns = new NetworkNamespace(Process.Start(start) ?? throw new InvalidOperationException("unshare did not start"));
        try
        {
            // unshare(2) runs just after the fork: wait until the holder's namespace differs from ours.
            string ours = File.ResolveLinkTarget("/proc/self/ns/net", false)?.ToString() ?? "";
            var deadline = DateTime.UtcNow.AddSeconds(5);
            while ((File.ResolveLinkTarget(ns.NetPath, false)?.ToString() ?? ours) == ours)
            {
                if (DateTime.UtcNow > deadline || ns._holder.HasExited) throw new InvalidOperationException("unshare -n did not make a namespace");
                await Task.Delay(10);
            }
            await ns.RunAsync("ip", "link", "set", "lo", "up");
            await ns.RunAsync("sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1");
            return ns;
        }
        catch
        {
            await ns.DisposeAsync();
            throw;
        }
    }

    public Task<string> RunAsync(string file, params string[] args) =>
        HostCommand.RunAsync("nsenter", [$"--net={NetPath}", "--", file, .. args]);

    public async ValueTask DisposeAsync()
    {
        if (!_holder.HasExited)
        {
            _holder.Kill();
            await _holder.WaitForExitAsync();
        }
        _holder.Dispose();
    }
}
