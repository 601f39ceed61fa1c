using RtcLive.Signaling.Hosting;

var app = SignalingApp.Build(args);
await app.RunAsync();
