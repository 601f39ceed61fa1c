using Microsoft.Extensions.Options;
using RtcLive.Cluster;
using RtcLive.Sfu.Control;
using RtcLive.Sfu.Node;
using RtcLive.Signaling.Audience;
using RtcLive.Signaling.Classroom;
using RtcLive.Signaling.Instances;
using RtcLive.Signaling.Placement;

namespace RtcLive.Signaling.Hosting;

public static class MediaServices
{
    /// <summary>
    /// The SFU nodes signaling places participants on, always reached through <see cref="ISfuNodeControl"/>:
    /// <list type="bullet">
    /// <item>embedded (default): one node in this process (<see cref="MediaHost"/>), registered in an in-memory cluster store;</item>
    /// <item>one standalone node (<c>RtcLive:Sfu:ControlUrl</c>): its control API over HTTP (<see cref="RemoteSfuHost"/>);</item>
    /// <item>a cluster (<c>RtcLive:Cluster:Redis</c>): every node of the Redis registry, by region and load.</item>
    /// </list>
    /// </summary>
    public static WebApplicationBuilder AddMediaServices(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddOptions<MediaOptions>().Bind(configuration.GetSection(MediaOptions.Section));
        builder.Services.AddOptions<SfuLimits>().Bind(configuration.GetSection(SfuLimits.Section))
            .Validate(limits => limits.Problem() is null, $"every limit under {SfuLimits.Section} must be a positive number")
            .ValidateOnStart();
        builder.Services.AddOptions<RemoteSfuOptions>().Bind(configuration.GetSection(RemoteSfuOptions.Section));
        builder.Services.AddOptions<ClusterOptions>().Bind(configuration.GetSection(ClusterOptions.Section));
        builder.Services.AddOptions<PlacementOptions>().Bind(configuration.GetSection(PlacementOptions.Section)).PostConfigure(o =>
        {
            if (configuration["RtcLive:Region"] is { Length: > 0 } region) o.Region = region;
        });

        builder.Services.AddOptions<SignalingInstanceOptions>().Bind(configuration.GetSection(SignalingInstanceOptions.Section));
        // Registered before the node directory, so this instance's record is on its way when placement first reads.
        builder.Services.AddSingleton<SignalingInstance>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SignalingInstance>());

        var remote = configuration.GetSection(RemoteSfuOptions.Section).Get<RemoteSfuOptions>() ?? new RemoteSfuOptions();
        var cluster = configuration.GetSection(ClusterOptions.Section).Get<ClusterOptions>() ?? new ClusterOptions();
        if (cluster.IsCluster)
        {
            builder.Services.AddSingleton(sp =>
                RedisClusterStore.Connect(cluster.Redis, sp.GetRequiredService<ILoggerFactory>().CreateLogger<RedisClusterStore>()));
            builder.Services.AddSingleton<IClusterStore>(sp => sp.GetRequiredService<RedisClusterStore>());
            builder.Services.AddSingleton<IClassroomStore>(sp => new RedisClassroomStore(
                sp.GetRequiredService<RedisClusterStore>().Multiplexer, sp.GetRequiredService<IOptions<ClassroomOptions>>()));
            builder.Services.AddSingleton<IAudienceStore>(sp => new RedisAudienceStore(
                sp.GetRequiredService<RedisClusterStore>().Multiplexer, sp.GetRequiredService<TimeProvider>()));
            AddClusterNodes(builder, local: null);
            return builder;
        }
        if (remote.IsRemote)
        {
            builder.Services.AddSingleton<RemoteSfuHost>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<RemoteSfuHost>());
            builder.Services.AddSingleton<IMediaReadiness>(sp => sp.GetRequiredService<RemoteSfuHost>());
            builder.Services.AddSingleton<ISfuNodes>(sp => new SingleSfuNode(() => sp.GetRequiredService<RemoteSfuHost>().Control));
            return builder;
        }
        builder.Services.AddSingleton<IClusterStore, InMemoryClusterStore>();
        builder.Services.AddSingleton<MediaHost>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MediaHost>());
        builder.Services.AddSingleton<IMediaReadiness>(sp => sp.GetRequiredService<MediaHost>());
        AddClusterNodes(builder, local: sp => sp.GetRequiredService<MediaHost>().Control);
        return builder;
    }

    /// <summary>Registered after the node host, so hosted services start in order: the node, then the directory.</summary>
    private static void AddClusterNodes(WebApplicationBuilder builder, Func<IServiceProvider, ISfuNodeControl>? local)
    {
        builder.Services.AddSingleton(sp => new ClusterSfuNodes(
            sp.GetRequiredService<IClusterStore>(),
            () => local?.Invoke(sp),
            sp.GetRequiredService<IOptions<RemoteSfuOptions>>(),
            sp.GetRequiredService<IOptions<PlacementOptions>>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<SignalingInstance>().RegistryWitness));
        builder.Services.AddSingleton<ISfuNodes>(sp => sp.GetRequiredService<ClusterSfuNodes>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ClusterSfuNodes>());
        if (local is null) builder.Services.AddSingleton<IMediaReadiness>(sp => sp.GetRequiredService<ClusterSfuNodes>());
    }
}
