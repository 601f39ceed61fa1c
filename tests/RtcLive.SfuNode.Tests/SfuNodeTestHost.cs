using Microsoft.AspNetCore.Builder;
using RtcLive.Sfu.Control.Http;
using RtcLive.SfuNode.Hosting;

namespace RtcLive.SfuNode.Tests;

/// <summary>
/// The real standalone node app, in-process: control API on 127.0.0.1 port 0, media on 127.0.0.1 port 0, a
/// control token. What <c>dotnet RtcLive.SfuNode.dll</c> runs, minus the fixed ports.
/// </summary>
internal sealed class SfuNodeTestHost : IAsyncDisposable
{
    public const string Token = "node-test-control-token-0123456789";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly WebApplication _app;

    private SfuNodeTestHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = Timeout };
    }

    public Uri BaseAddress { get; }

    /// <summary>A client without the control token.</summary>
    public HttpClient Http { get; }

    public static async Task<SfuNodeTestHost> StartAsync(string id = "eu-1", string region = "eu", IReadOnlyDictionary<string, string?>? extra = null)
    {
        var app = SfuNodeApp.Build([], Settings(id, region, extra));
        await app.StartAsync().WaitAsync(Timeout);
        return new SfuNodeTestHost(app, new Uri(app.Urls.First()));
    }

    public static Dictionary<string, string?> Settings(string id, string region, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Http:Url"] = "http://127.0.0.1:0",
            ["RtcLive:Media:Bind"] = "127.0.0.1:0",
            ["RtcLive:Node:Id"] = id,
            ["RtcLive:Node:Region"] = region,
            ["RtcLive:Node:ControlToken"] = Token,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) settings[key] = value;
        return settings;
    }

    /// <summary>A connected control client, as signaling makes one.</summary>
    public async Task<HttpSfuNodeControl> ConnectControlAsync(string token = Token)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        return await HttpSfuNodeControl.OpenAsync(new HttpSfuNodeControlOptions { BaseAddress = BaseAddress, Token = token }, null, timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync().WaitAsync(Timeout);
        await _app.DisposeAsync();
    }
}
