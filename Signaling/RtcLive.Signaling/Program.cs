using RtcLive.Signaling.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddRtcLiveLogging();
builder.AddMediaServices();

var app = builder.Build();
app.MapHealthEndpoints();
app.MapMetricsEndpoint();
app.MapEchoEndpoint();
app.UseWebClient();
app.LogStartBanner();
await app.RunAsync();
