using System.Diagnostics;
using Microsoft.Extensions.Options;
using RtcLive.Sfu.Control;
using RtcLive.Signaling.Auth;

namespace RtcLive.Signaling.Hosting;

/// <summary>
/// <c>GET /api/cluster</c>: the nodes and relay links this signaling instance knows. In embedded mode that is one
/// SFU node (id <c>local</c>, the id the web client's stats report) and no links. Open where dev tokens are on;
/// otherwise it needs the admin token (<c>RtcLive:Auth:AdminToken</c>) as a Bearer token.
/// </summary>
public static class ClusterApi
{
    public static WebApplication MapClusterApi(this WebApplication app)
    {
        var cpu = new ProcessCpuSampler();
        app.MapGet("/api/cluster", async (HttpContext context, ISfuNodeControl sfu, IOptions<TokenOptions> tokens, IConfiguration configuration) =>
        {
            if (!IsAllowed(context, tokens.Value))
                return Results.Text("the cluster view needs the admin token (Authorization: Bearer …)\n", statusCode: StatusCodes.Status401Unauthorized);
            var status = await sfu.GetStatusAsync(context.RequestAborted);
            var node = new ClusterNode(status.NodeId, "sfu", configuration["RtcLive:Region"] ?? "local", Environment.ProcessId, "active",
                status.Participants, status.Tracks, new NodeLoad(cpu.Sample(), status.ForwardedBitsPerSecond));
            return Results.Json(new ClusterView([node], []));
        });
        return app;
    }

    private static bool IsAllowed(HttpContext context, TokenOptions options)
    {
        if (options.DevTokens) return true;
        if (string.IsNullOrEmpty(options.AdminToken) || !BearerToken.TryRead(context.Request, out string? token) || token is null) return false;
        return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(token), System.Text.Encoding.UTF8.GetBytes(options.AdminToken));
    }

    public sealed record ClusterView(IReadOnlyList<ClusterNode> Nodes, IReadOnlyList<ClusterLink> Links);

    public sealed record ClusterNode(string Id, string Kind, string Region, int Pid, string State, int Participants, int Tracks, NodeLoad Load);

    /// <param name="Cpu">Share of the machine's cores this process used since the previous sample (0–1).</param>
    /// <param name="Bitrate">Bits per second forwarded to subscribers.</param>
    public sealed record NodeLoad(double Cpu, long Bitrate);

    public sealed record ClusterLink(string Room, string From, string To);

    /// <summary>The process's CPU use between two calls, as a share of all cores.</summary>
    private sealed class ProcessCpuSampler
    {
        private readonly object _gate = new();
        private TimeSpan _lastCpu = Process.GetCurrentProcess().TotalProcessorTime;
        private long _lastMs = Environment.TickCount64;
        private double _last;

        public double Sample()
        {
            lock (_gate)
            {
                long now = Environment.TickCount64;
                if (now - _lastMs < 200) return _last;
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                _last = Math.Round((cpu - _lastCpu).TotalMilliseconds / (now - _lastMs) / Environment.ProcessorCount, 3);
                (_lastCpu, _lastMs) = (cpu, now);
                return _last;
            }
        }
    }
}
