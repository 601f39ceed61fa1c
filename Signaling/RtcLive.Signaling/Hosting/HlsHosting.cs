using Microsoft.Extensions.Options;
using RtcLive.Cluster;
using RtcLive.Hls;
using RtcLive.Hls.Rooms;
using RtcLive.Hls.Serving;
using RtcLive.Sfu.Control;
using RtcLive.Signaling.Placement;

namespace RtcLive.Signaling.Hosting;

/// <summary>
/// Where HLS viewers go. Embedded mode: the HLS worker inside signaling, fed by the embedded node's taps. Cluster
/// mode: standalone HLS workers (kind <c>hls</c> in the registry) pull rooms from the SFU nodes; signaling tells
/// each viewer which worker serves its room (<c>GET /api/hls/{room}</c>) and redirects plain <c>/hls/…</c> requests
/// there. One standalone SFU node without a cluster has no worker to send viewers to: HLS is off, saying why.
/// </summary>
public static class HlsHosting
{
    private const string RemoteNodeReason =
        "signaling uses a standalone SFU node without a cluster (RtcLive:Sfu:ControlUrl without RtcLive:Cluster:Redis): HLS needs HLS workers, which find rooms in the cluster registry";
    private const string ClusterReason = "in cluster mode HLS is served by the standalone HLS workers (GET /api/hls/{room} says which)";
    private const string NoWorkerReason = "HLS is off: no HLS worker is up in the cluster (start RtcLive.Hls.Worker with RtcLive:Cluster:Redis)";

    public static WebApplicationBuilder AddHlsFallback(this WebApplicationBuilder builder)
    {
        bool cluster = IsCluster(builder.Configuration);
        bool remote = cluster || (builder.Configuration.GetSection(RemoteSfuOptions.Section).Get<RemoteSfuOptions>() ?? new RemoteSfuOptions()).IsRemote;
        builder.Services.AddHls(builder.Configuration,
            sp => remote ? null : new DeferredSource(sp.GetRequiredService<MediaHost>()),
            cluster ? ClusterReason : remote ? RemoteNodeReason : null);
        builder.Services.AddHostedService<HlsClassWatcher>();
        builder.Services.AddSingleton<HlsClassEnd>();
        return builder;
    }

    private static bool IsCluster(IConfiguration configuration) =>
        (configuration.GetSection(ClusterOptions.Section).Get<ClusterOptions>() ?? new ClusterOptions()).IsCluster;

    /// <summary>
    /// <c>GET /api/hls/{room}?region=R</c> → <c>{ url, worker }</c>: where this viewer plays the room over HLS (the
    /// web client asks before it starts its player). Embedded: this process's <c>/hls/{room}/index.m3u8</c>. Cluster:
    /// the chosen worker's URL, and every <c>/hls/{room}/…</c> request here is redirected there (307).
    /// </summary>
    public static WebApplication MapHlsFallback(this WebApplication app)
    {
        if (!IsCluster(app.Configuration))
        {
            app.MapGet("/api/hls/{room}", (string room, HlsRooms rooms) => rooms.Availability.IsOn
                ? Results.Json(new HlsLocation($"/hls/{Uri.EscapeDataString(room)}/index.m3u8", "embedded"))
                : Unavailable(rooms.Availability.OffReason!));
            app.MapHls();
            return app;
        }
        app.MapGet("/api/hls/{room}", async (string room, string? region, HttpContext http, ISfuNodes nodes, IOptions<PlacementOptions> placement) =>
        {
            http.Response.Headers.AccessControlAllowOrigin = "*";
            if (await WorkerForAsync(room, region, nodes, placement.Value, http.RequestAborted) is not { } worker) return Unavailable(NoWorkerReason);
            return Results.Json(new HlsLocation(WorkerUrl(worker, $"/hls/{Uri.EscapeDataString(room)}/index.m3u8"), worker.Id));
        });
        app.MapGet("/hls/{room}/{**rest}", async (string room, string rest, string? region, HttpContext http, ISfuNodes nodes, IOptions<PlacementOptions> placement) =>
        {
            http.Response.Headers.AccessControlAllowOrigin = "*";
            if (await WorkerForAsync(room, region, nodes, placement.Value, http.RequestAborted) is not { } worker)
                return Results.Text(NoWorkerReason + "\n", statusCode: StatusCodes.Status503ServiceUnavailable);
            http.Response.Headers.CacheControl = "no-store"; // the room's worker can change; the redirect must not be cached
            var path = $"/hls/{Uri.EscapeDataString(room)}/{string.Join('/', rest.Split('/').Select(Uri.EscapeDataString))}";
            return Results.Redirect(WorkerUrl(worker, path + http.Request.QueryString), permanent: false, preserveMethod: true);
        });
        return app;
    }

    private static async Task<NodeRecord?> WorkerForAsync(string room, string? region, ISfuNodes nodes, PlacementOptions placement, CancellationToken ct)
    {
        var snapshot = await nodes.SnapshotAsync(ct);
        string wanted = string.IsNullOrWhiteSpace(region) || region.Length > 64 ? placement.Region : region.Trim();
        return HlsWorkerChoice.Choose(snapshot, room, wanted, placement);
    }

    private static string WorkerUrl(NodeRecord worker, string pathAndQuery) => worker.MediaAddress.TrimEnd('/') + pathAndQuery;

    private static IResult Unavailable(string reason) =>
        Results.Json(new { error = "unavailable", message = reason }, statusCode: StatusCodes.Status503ServiceUnavailable);

    /// <summary>Where to play a room over HLS, and which worker serves it (<c>embedded</c> in embedded mode).</summary>
    public sealed record HlsLocation(string Url, string Worker);

    /// <summary>The node exists once MediaHost started; rooms open their tap only later, on demand.</summary>
    private sealed class DeferredSource(MediaHost host) : Hls.Ingest.IHlsMediaSource
    {
        public IDisposable Open(string room, Hls.Ingest.ClassMediaIngest ingest) => host.HlsSource.Open(room, ingest);
    }

    /// <summary>With <c>RtcLive:Hls:StartWithRoom</c>, a published camera starts the room's transcode (through the control API's events).</summary>
    /// <remarks>The control API is resolved in StartAsync: it exists only once the media host (started earlier) is up.</remarks>
    private sealed class HlsClassWatcher(IServiceProvider services, HlsRooms rooms) : IHostedService
    {
        private ISfuNodes? _nodes;

        public Task StartAsync(CancellationToken cancellationToken)
        {
            _nodes = services.GetRequiredService<ISfuNodes>();
            _nodes.Events += OnEvent;
            return Task.CompletedTask;
        }

        private void OnEvent(string nodeId, SfuControlEvent e)
        {
            if (e is SfuControlEvent.TrackPublished { Track.Source: "camera" } published) rooms.OnClassStarted(published.Room);
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            if (_nodes is not null) _nodes.Events -= OnEvent;
            return Task.CompletedTask;
        }
    }
}
