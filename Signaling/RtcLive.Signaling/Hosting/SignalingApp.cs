using RtcLive.Signaling.Auth;
using RtcLive.Signaling.Classroom;
using RtcLive.Signaling.Hubs;
using RtcLive.Signaling.Ice;
using RtcLive.Signaling.Whip;

namespace RtcLive.Signaling.Hosting;

/// <summary>The whole signaling process, wired once: Program.cs runs it, tests start it in-process with their own settings.</summary>
public static class SignalingApp
{
    /// <param name="args">Command-line arguments (configuration overrides such as <c>--RtcLive:Media:Bind=…</c>).</param>
    /// <param name="settings">Settings that win over every other source (tests: loopback ports 0, limits).</param>
    public static WebApplication Build(string[] args, IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        // Settings travel with the binary (appsettings.json next to it), whatever the working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.AddRtcLiveLogging();
        builder.AddMediaServices();
        builder.AddRoomTokens();
        builder.AddTurn();
        builder.AddRtcLiveRateLimits();
        builder.AddClassroom();
        builder.AddRoomHub();
        builder.AddWhip();
        builder.AddHlsFallback();

        var app = builder.Build();
        // CORS first, so refusals (401, 413, 429) stay readable to pages on other origins.
        app.UseCors();
        app.UseRtcLiveRateLimits();
        app.UseRoomTokens();
        app.MapHealthEndpoints();
        app.MapDevTokenEndpoint();
        app.MapMetricsEndpoint();
        app.MapClusterApi();
        app.MapEchoEndpoint();
        app.MapRoomHub();
        app.MapWhip();
        app.MapWhep();
        app.MapHlsFallback();
        app.UseWebClient();
        app.LogStartBanner();
        return app;
    }
}
