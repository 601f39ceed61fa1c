using Prometheus;
using RtcLive.Hls;
using RtcLive.Hls.Serving;

// The standalone HLS worker (DESIGN.md): serves /hls like embedded signaling does. It will pull rooms over the
// cluster's relay link; until that exists it has no media source, so every room answers 503 saying so. Without
// ffmpeg it refuses to start, with the same message embedded mode logs.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
var options = builder.Configuration.GetSection(HlsOptions.Section).Get<HlsOptions>() ?? new HlsOptions();
var availability = HlsAvailability.Detect(options);
if (!availability.IsOn)
{
    Console.Error.WriteLine($"rtclive-hls-worker: {availability.OffReason}. A standalone HLS worker cannot run without it: not starting.");
    return 2;
}

builder.Services.AddHls(builder.Configuration, _ => null,
    "this standalone HLS worker pulls rooms over the cluster's relay link, which is not built yet (use embedded mode's HLS)");
var app = builder.Build();
app.MapHls();
app.MapGet("/healthz", () => Results.Text("ok"));
// Not ready to take rooms until it has a relay link to pull them from.
app.MapGet("/readyz", () => Results.Text("no relay link yet", statusCode: StatusCodes.Status503ServiceUnavailable));
app.MapMetrics("/metrics");
app.Lifetime.ApplicationStarted.Register(() =>
{
    foreach (string url in app.Urls) app.Logger.LogInformation("RtcLive HLS worker is up: {Url}/hls/{{room}}/index.m3u8", url);
});
await app.RunAsync();
return 0;
