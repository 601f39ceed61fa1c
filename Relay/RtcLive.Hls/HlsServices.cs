using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RtcLive.Hls.Ingest;
using RtcLive.Hls.Rooms;

namespace RtcLive.Hls;

public static class HlsServices
{
    /// <summary>
    /// The HLS worker's services: options from <c>RtcLive:Hls</c> and <see cref="HlsRooms"/> (a hosted service) fed
    /// by the source <paramref name="source"/> gives (null: none in this process, HLS off with
    /// <paramref name="noSourceReason"/>).
    /// </summary>
    public static IServiceCollection AddHls(this IServiceCollection services, IConfiguration configuration,
        Func<IServiceProvider, IHlsMediaSource?> source, string? noSourceReason = null)
    {
        HlsMetrics.Register();
        services.AddOptions<HlsOptions>().Bind(configuration.GetSection(HlsOptions.Section));
        services.AddSingleton(sp => new HlsRooms(sp.GetRequiredService<IOptions<HlsOptions>>(), source(sp),
            sp.GetRequiredService<ILoggerFactory>(), noSourceReason));
        services.AddHostedService(sp => sp.GetRequiredService<HlsRooms>());
        return services;
    }
}
