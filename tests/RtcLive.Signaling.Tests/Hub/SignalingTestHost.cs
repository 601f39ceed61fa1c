using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using RtcLive.Signaling.Hosting;

namespace RtcLive.Signaling.Tests.Hubs;

/// <summary>
/// The real signaling app, started in-process with Kestrel on 127.0.0.1 port 0 and the SFU's media port on
/// 127.0.0.1 port 0: what <c>./run.sh</c> starts, minus the fixed ports.
/// </summary>
internal sealed class SignalingTestHost : IAsyncDisposable
{
    public const string Secret = "hub-test-secret-hub-test-secret-0123456789";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly WebApplication _app;
    private readonly List<RoomHubClient> _clients = [];

    private SignalingTestHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = Timeout };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public static async Task<SignalingTestHost> StartAsync(bool devTokens = true, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Http:Url"] = "http://127.0.0.1:0",
            ["RtcLive:Media:Bind"] = "127.0.0.1:0",
            ["RtcLive:Auth:Secret"] = Secret,
            ["RtcLive:Auth:DevTokens"] = devTokens ? "true" : "false",
            ["RtcLive:RateLimits:JoinPermits"] = "1000",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) settings[key] = value;
        var app = SignalingApp.Build([], settings);
        await app.StartAsync().WaitAsync(Timeout);
        return new SignalingTestHost(app, new Uri(app.Urls.First()));
    }

    public async Task<string> DevTokenAsync(string room, string name, string role)
    {
        var response = await Http.GetFromJsonAsync<TokenResponse>(
            $"/api/dev/token?room={Uri.EscapeDataString(room)}&name={Uri.EscapeDataString(name)}&role={role}");
        return response!.Token;
    }

    /// <summary>A hub client for <paramref name="room"/>, connected over WebSockets, with its token (if any) as a bearer token.</summary>
    public async Task<RoomHubClient> ConnectAsync(string room, string? token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(BaseAddress, $"/hubs/room?room={Uri.EscapeDataString(room)}"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                if (token is not null) options.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        var client = new RoomHubClient(connection);
        lock (_clients) _clients.Add(client);
        await connection.StartAsync().WaitAsync(Timeout);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        RoomHubClient[] clients;
        lock (_clients) clients = [.. _clients];
        foreach (var client in clients) await client.DisposeAsync();
        Http.Dispose();
        // The host's own shutdown bound (30 s) rules: a service slow to stop on a loaded machine is not a test failure.
        await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(35));
        await _app.DisposeAsync();
    }

    private sealed record TokenResponse(string Token);
}
