using RtcLive.Sfu.Control;

namespace RtcLive.Signaling.Hosting;

public static class MediaServices
{
    public static WebApplicationBuilder AddMediaServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MediaOptions>().Bind(builder.Configuration.GetSection(MediaOptions.Section));
        builder.Services.AddSingleton<MediaHost>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MediaHost>());
        // Usable once MediaHost has started (hosted services registered after it may resolve it in StartAsync).
        builder.Services.AddSingleton<ISfuNodeControl>(sp => sp.GetRequiredService<MediaHost>().Control);
        return builder;
    }
}
