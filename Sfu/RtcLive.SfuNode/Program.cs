using RtcLive.SfuNode.Hosting;

var app = SfuNodeApp.Build(args);
await app.RunAsync();
