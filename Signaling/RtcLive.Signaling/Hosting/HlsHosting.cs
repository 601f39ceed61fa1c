using RtcLive.Hls;
using RtcLive.Hls.Rooms;
using RtcLive.Sfu.Control;

namespace RtcLive.Signaling.Hosting;

/// <summary>
/// The HLS worker inside signaling (embedded mode): fed by the embedded node's taps; with a standalone SFU node
/// there is no in-process media, so HLS says it is off and why (a standalone HLS worker needs the relay link).
/// </summary>
public static class HlsHosting
{
    private const string RemoteNodeReason =
        "signaling uses a standalone SFU node (RtcLive:Sfu:ControlUrl); HLS then needs an HLS worker fed over the cluster's relay link, which is not built yet";

    public static WebApplicationBuilder AddHlsFallback(this WebApplicationBuilder builder)
    {
        bool remote = (builder.Configuration.GetSection(RemoteSfuOptions.Section).Get<RemoteSfuOptions>() ?? new RemoteSfuOptions()).IsRemote;
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
        private ISfuNodeControl? _sfu;

        public Task StartAsync(CancellationToken cancellationToken)
        {
            _sfu = services.GetRequiredService<ISfuNodeControl>();
            _sfu.Events += OnEvent;
            return Task.CompletedTask;
        }

        private void OnEvent(SfuControlEvent e)
        {
            if (e is SfuControlEvent.TrackPublished { Track.Source: "camera" } published) rooms.OnClassStarted(published.Room);
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            if (_sfu is not null) _sfu.Events -= OnEvent;
            return Task.CompletedTask;
        }
    }
}
