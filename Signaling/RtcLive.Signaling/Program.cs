using RtcLive.Signaling.Auth;
using RtcLive.Signaling.Hosting;

// Settings travel with the binary (appsettings.json next to it), whatever the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddRtcLiveLogging();
builder.AddMediaServices();
builder.AddRoomTokens();
builder.AddRtcLiveRateLimits();

var app = builder.Build();
app.UseRtcLiveRateLimits();
app.UseRoomTokens();
app.MapHealthEndpoints();
app.MapDevTokenEndpoint();
app.MapMetricsEndpoint();
app.MapEchoEndpoint();
app.UseWebClient();
app.LogStartBanner();
await app.RunAsync();
