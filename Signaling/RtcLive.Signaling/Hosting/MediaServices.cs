using RtcLive.Sfu.Control;
using RtcLive.Sfu.Node;

namespace RtcLive.Signaling.Hosting;

public static class MediaServices
{
    /// <summary>
    /// The SFU node signaling talks to, always through <see cref="ISfuNodeControl"/>: a node hosted in this
    /// process (embedded mode, <see cref="MediaHost"/>), or a standalone node's control API over HTTP when
    /// <c>RtcLive:Sfu:ControlUrl</c> is set (<see cref="RemoteSfuHost"/>).
    /// </summary>
    public static WebApplicationBuilder AddMediaServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MediaOptions>().Bind(builder.Configuration.GetSection(MediaOptions.Section));
        builder.Services.AddOptions<RemoteSfuOptions>().Bind(builder.Configuration.GetSection(RemoteSfuOptions.Section));
        var remote = builder.Configuration.GetSection(RemoteSfuOptions.Section).Get<RemoteSfuOptions>() ?? new RemoteSfuOptions();
        if (remote.IsRemote)
        {
            builder.Services.AddSingleton<RemoteSfuHost>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<RemoteSfuHost>());
            builder.Services.AddSingleton<IMediaReadiness>(sp => sp.GetRequiredService<RemoteSfuHost>());
            builder.Services.AddSingleton<ISfuNodeControl>(sp => sp.GetRequiredService<RemoteSfuHost>().Control);
            return builder;
        }
        builder.Services.AddSingleton<MediaHost>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MediaHost>());
        builder.Services.AddSingleton<IMediaReadiness>(sp => sp.GetRequiredService<MediaHost>());
        // Usable once MediaHost has started (hosted services registered after it may resolve it in StartAsync).
        builder.Services.AddSingleton<ISfuNodeControl>(sp => sp.GetRequiredService<MediaHost>().Control);
        return builder;
    }
}
