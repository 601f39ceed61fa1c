using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace RtcLive.Signaling.Auth;

public static class TokenServices
{
    private const string RequestLineCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>
    /// <see cref="TokenOptions"/> from <c>RtcLive:Auth</c>, checked when the host starts, and <see cref="RoomTokenService"/>.
    /// In dev mode without a secret, one random secret is made for this process (tokens die with it).
    /// </summary>
    public static WebApplicationBuilder AddRoomTokens(this WebApplicationBuilder builder)
    {
        // One per host, shared by every options instance (IOptions, snapshots, monitors), so tokens stay valid.
        var devSecret = new Lazy<string>(() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        builder.Services.AddOptions<TokenOptions>()
            .Bind(builder.Configuration.GetSection(TokenOptions.Section))
            .PostConfigure<ILoggerFactory>((options, loggers) =>
            {
                if (!string.IsNullOrEmpty(options.Secret) || !options.DevTokens) return;
                bool first = !devSecret.IsValueCreated;
                options.Secret = devSecret.Value;
                if (first)
                {
                    loggers.CreateLogger("RtcLive.Auth").LogWarning(
                        "{Section}:Secret is empty: dev mode signs tokens with a random secret made for this process; they stop working at restart and on other instances",
                        TokenOptions.Section);
                }
            })
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TokenOptions>, TokenOptionsValidator>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RoomTokenService>();
        builder.Services.AddHostedService<TokenWarmup>();
        // "Request starting/finished" lines print the whole URL, and SignalR's WebSocket requests carry the token in
        // it (access_token): keep that category at Warning whatever the log level is, so no token reaches the logs.
        builder.Logging.AddFilter(RequestLineCategory, level => level >= LogLevel.Warning);
        return builder;
    }
}
