namespace RtcLive.Signaling.Hosting;

public static class MediaServices
{
    public static WebApplicationBuilder AddMediaServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MediaOptions>().Bind(builder.Configuration.GetSection(MediaOptions.Section));
        builder.Services.AddSingleton<MediaHost>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MediaHost>());
        return builder;
    }
}
