using RtcLive.Hls;
using RtcLive.Hls.Rooms;
using RtcLive.Sfu.Control;
using RtcLive.Signaling.Placement;

namespace RtcLive.Signaling.Hosting;

/// <summary>
/// The HLS worker inside signaling (embedded mode): fed by the embedded node's taps; with a standalone SFU node
/// there is no in-process media, so HLS says it is off and why (a standalone HLS worker needs the relay link).
/// </summary>
public static class HlsHosting
{
    private const string RemoteNodeReason =
        "signaling uses standalone SFU nodes (RtcLive:Sfu:ControlUrl or RtcLive:Cluster:Redis); HLS then needs an HLS worker fed over a relay link, which is not wired yet";

    public static WebApplicationBuilder AddHlsFallback(this WebApplicationBuilder builder)
    {
        bool remote = (builder.Configuration.GetSection(RemoteSfuOptions.Section).Get<RemoteSfuOptions>() ?? new RemoteSfuOptions()).IsRemote
            || (builder.Configuration.GetSection(ClusterOptions.Section).Get<ClusterOptions>() ?? new ClusterOptions()).IsCluster;
        builder.Services.AddHls(builder.Configuration,
            sp => remote ? null : new DeferredSource(sp.GetRequiredService<MediaHost>()),
            remote ? RemoteNodeReason : null);
        builder.Services.AddHostedService<HlsClassWatcher>();
        return builder;
    }

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
