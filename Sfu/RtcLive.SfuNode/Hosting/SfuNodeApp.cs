using Microsoft.Extensions.Options;
using Prometheus;
using RtcLive.Sfu.Control;
using RtcLive.Sfu.Control.Http;
using RtcLive.Sfu.Node;
using RtcLive.SfuNode.Control;

namespace RtcLive.SfuNode.Hosting;

/// <summary>
/// The standalone SFU node process (cluster mode): the node's media port, its control API over HTTP for
/// signaling, <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c>. Program.cs runs it; tests start it in-process.
/// </summary>
public static class SfuNodeApp
{
    /// <param name="args">Command-line arguments (configuration overrides such as <c>--RtcLive:Node:Id=eu-1</c>).</param>
    /// <param name="settings">Settings that win over every other source (tests: loopback ports 0).</param>
    public static WebApplication Build(string[] args, IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddRtcLiveConsole(builder.Configuration);

        builder.Services.AddOptions<NodeOptions>()
            .Bind(builder.Configuration.GetSection(NodeOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<NodeOptions>, NodeOptionsValidator>();
        builder.Services.AddOptions<MediaOptions>().Bind(builder.Configuration.GetSection(MediaOptions.Section));
        builder.Services.AddOptions<SfuLimits>().Bind(builder.Configuration.GetSection(SfuLimits.Section))
            .Validate(limits => limits.Problem() is null, $"every limit under {SfuLimits.Section} must be a positive number")
            .ValidateOnStart();
        builder.Services.AddSingleton<NodeHost>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<NodeHost>());
        builder.Services.AddSingleton<ISfuNodeControl>(sp => sp.GetRequiredService<NodeHost>().Control);
        builder.Services.AddSingleton<ControlEventStream>();
        builder.Services.AddHostedService<NodeClusterMembership>();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            // A call missing an argument is refused with 400 before it reaches the node.
            o.SerializerOptions.RespectNullableAnnotations = true;
            o.SerializerOptions.RespectRequiredConstructorParameters = true;
        });

        var app = builder.Build();
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", (NodeHost node) => node.IsReady
            ? Results.Text("ready\n")
            : Results.Text("not ready\n", statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapMetrics("/metrics");
        app.MapControlApi();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            foreach (string url in app.Urls) app.Logger.LogInformation("SFU node control API on {Url}{Prefix}", url, SfuControlPaths.Prefix);
        });
        return app;
    }

    /// <summary>Says which setting is wrong, so a node that refuses to start tells the operator why.</summary>
    private sealed class NodeOptionsValidator : IValidateOptions<NodeOptions>
    {
        public ValidateOptionsResult Validate(string? name, NodeOptions options) =>
            options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}
