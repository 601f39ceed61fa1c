using Prometheus;

namespace RtcLive.Signaling.Hosting;

public static class HealthEndpoints
{
    /// <summary><c>/healthz</c>: the process is alive. <c>/readyz</c>: the media port is open and it takes work.</summary>
    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", (IMediaReadiness media) => media.IsReady
            ? Results.Text("ready\n")
            : Results.Text("not ready\n", statusCode: StatusCodes.Status503ServiceUnavailable));
        return app;
    }

    public static WebApplication MapMetricsEndpoint(this WebApplication app)
    {
        // Export every signaling metric from the first scrape (at zero), so dashboards and alerts see the series
        // before the first placement, failover or chat message.
        System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(typeof(RtcLive.Signaling.Placement.PlacementMetrics).TypeHandle);
        System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(typeof(RtcLive.Signaling.Classroom.ClassroomMetrics).TypeHandle);
        app.MapMetrics("/metrics");
        return app;
    }
}
