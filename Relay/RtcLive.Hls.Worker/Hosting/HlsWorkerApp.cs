using Prometheus;
using RtcLive.Cluster;
using RtcLive.Hls.Pull;
using RtcLive.Hls.Serving;
using RtcLive.Sfu.Node;

namespace RtcLive.Hls.Worker.Hosting;

/// <summary>
/// The standalone HLS worker (cluster mode): registers in the cluster as kind <c>hls</c>, pulls each watched room
/// from the SFU node its class is published on, transcodes it, and serves <c>/hls</c>, <c>/metrics</c>,
/// <c>/healthz</c> and <c>/readyz</c>. Program.cs runs it; tests start it in-process.
/// </summary>
public static class HlsWorkerApp
{
    /// <summary>Why this worker cannot start (ffmpeg missing, settings wrong), for the operator; null when it can.</summary>
    public static string? Problem(IConfiguration configuration)
    {
        var hls = configuration.GetSection(HlsOptions.Section).Get<HlsOptions>() ?? new HlsOptions();
        var availability = HlsAvailability.Detect(hls);
        if (!availability.IsOn) return $"{availability.OffReason}. A standalone HLS worker cannot run without it: not starting.";
        if (string.IsNullOrWhiteSpace(configuration["RtcLive:Cluster:Redis"]))
            return "RtcLive:Cluster:Redis is empty: a standalone HLS worker finds the rooms it pulls in the cluster registry. Set it (embedded mode has its own HLS): not starting.";
        var worker = configuration.GetSection(HlsWorkerOptions.Section).Get<HlsWorkerOptions>() ?? new HlsWorkerOptions();
        return worker.Problem() is { } problem ? $"{problem}: not starting." : null;
    }

    /// <param name="settings">Settings that win over every other source (tests: loopback port 0).</param>
    public static WebApplication Build(string[] args, IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        if (Problem(builder.Configuration) is { } problem) throw new InvalidOperationException(problem);
        builder.Logging.AddRtcLiveConsole(builder.Configuration);

        var options = builder.Configuration.GetSection(HlsWorkerOptions.Section).Get<HlsWorkerOptions>() ?? new HlsWorkerOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<IClusterStore>(sp =>
            RedisClusterStore.Connect(builder.Configuration["RtcLive:Cluster:Redis"]!, sp.GetRequiredService<ILogger<RedisClusterStore>>()));
        builder.Services.AddHls(builder.Configuration,
            sp => new ClusterRelaySource(sp.GetRequiredService<IClusterStore>(), options, sp.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddSingleton<HlsWorkerRegistration>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<HlsWorkerRegistration>());
        builder.Services.AddHostedService<ClassEndListener>();

        var app = builder.Build();
        app.MapHls();
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", (HlsWorkerRegistration registration) => registration.IsRegistered
            ? Results.Text("ready\n")
            : Results.Text("not registered in the cluster yet\n", statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapMetrics("/metrics");
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            foreach (string url in app.Urls) app.Logger.LogInformation("RtcLive HLS worker {Worker} is up: {Url}/hls/{{room}}/index.m3u8", options.Id, url);
        });
        return app;
    }
}
