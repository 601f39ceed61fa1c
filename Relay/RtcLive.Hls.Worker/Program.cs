using RtcLive.Hls.Worker.Hosting;

// Checked before anything starts, so a worker that cannot work says why and exits (ffmpeg missing, no cluster).
var configuration = new ConfigurationBuilder()
    .SetBasePath(AppContext.BaseDirectory)
    .AddJsonFile("appsettings.json", optional: true)
    .AddEnvironmentVariables()
    .AddCommandLine(args)
    .Build();
if (HlsWorkerApp.Problem(configuration) is { } problem)
{
    Console.Error.WriteLine($"rtclive-hls-worker: {problem}");
    return 2;
}
await HlsWorkerApp.Build(args).RunAsync();
return 0;
