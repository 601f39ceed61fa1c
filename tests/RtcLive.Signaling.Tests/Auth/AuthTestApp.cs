using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RtcLive.Signaling.Auth;

namespace RtcLive.Signaling.Tests.Auth;

/// <summary>
/// A signaling host in miniature, wired the way Program.cs wires the entry points: rate limits, then the token
/// check, a WHIP-like endpoint, a hub, the dev token endpoint. Runs on TestServer, or on Kestrel on loopback.
/// </summary>
public sealed class AuthTestApp : IAsyncDisposable
{
    public const string Secret = "test-secret-test-secret-test-secret-0123456789";

    private AuthTestApp(WebApplication app, CapturedLogs logs)
    {
        App = app;
        Logs = logs;
    }

    public WebApplication App { get; }

    public CapturedLogs Logs { get; }

    public RoomTokenService Tokens => App.Services.GetRequiredService<RoomTokenService>();

    public TestServer Server => App.GetTestServer();

    public HttpClient Client { get; private set; } = null!;

    public static Dictionary<string, string?> Settings(bool devTokens, string? secret = Secret, int joinPermits = 100) => new()
    {
        ["RtcLive:Auth:Secret"] = secret,
        ["RtcLive:Auth:DevTokens"] = devTokens ? "true" : "false",
        ["RtcLive:RateLimits:JoinPermits"] = joinPermits.ToString(System.Globalization.CultureInfo.InvariantCulture),
        // Long enough that no window boundary falls inside a test.
        ["RtcLive:RateLimits:JoinWindow"] = "01:00:00",
    };

    public static async Task<AuthTestApp> StartAsync(Dictionary<string, string?> settings, TimeProvider? clock = null, bool kestrel = false)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        var logs = new CapturedLogs();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        if (kestrel) builder.WebHost.UseUrls("http://127.0.0.1:0");
        else builder.WebHost.UseTestServer();
        if (clock is not null) builder.Services.AddSingleton(clock);
        builder.Services.AddSignalR();
        builder.Services.AddCors();

        builder.AddRoomTokens();
        builder.AddRtcLiveRateLimits();

        var app = builder.Build();
        // CORS first, so that refusals (401, 429, 413) reach a page on another origin readable.
        app.UseCors();
        app.UseRtcLiveRateLimits();
        app.UseRoomTokens();
        app.MapDevTokenEndpoint();
        app.MapPost("/whip/{room}", async (HttpContext context) =>
            {
                // Read the whole offer, as the real endpoint does, so body limits take effect.
                using var reader = new StreamReader(context.Request.Body);
                string offer = await reader.ReadToEndAsync(context.RequestAborted);
                return Results.Text($"{Describe(RoomAccess.Of(context))} offer={offer.Length}");
            })
            .RequireRoomToken()
            .RequireRateLimiting(RtcLiveRateLimits.JoinsPolicy)
            .WithSdpBodyLimit()
            .RequireCors(cors => cors.AllowAnyOrigin().AllowAnyHeader().AllowAnyMethod().WithExposedHeaders("Location", "WWW-Authenticate"));
        app.MapGet("/open", () => "open");
        app.MapHub<QuietHub>("/hubs/test").RequireRoomToken("room").RequireRateLimiting(RtcLiveRateLimits.JoinsPolicy);

        var test = new AuthTestApp(app, logs);
        await app.StartAsync();
        test.Client = kestrel ? new HttpClient { BaseAddress = new Uri(app.Urls.First()) } : app.GetTestClient();
        return test;
    }

    private static string Describe(RoomAccess? access) => access switch
    {
        null => "unguarded",
        { IsDevWithoutToken: true } => $"dev-no-token room={access.Room}",
        _ => $"token room={access.Room} identity={access.Claims.Identity} role={access.Claims.Role.ToName()}",
    };

    public HttpRequestMessage Whip(string room, string? token, string offer = "v=0\r\n")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/whip/{Uri.EscapeDataString(room)}")
        {
            Content = new StringContent(offer, System.Text.Encoding.UTF8, "application/sdp"),
        };
        if (token is not null) request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    private sealed class QuietHub : Hub;
}
