using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace RtcLive.Signaling.Auth;

/// <summary>
/// ASP.NET Core's rate limiter with the <see cref="JoinsPolicy"/> (a fixed window per remote address), and the
/// body cap of endpoints marked <see cref="SdpBodyLimitExtensions.WithSdpBodyLimit{TBuilder}"/>.
/// </summary>
public static class RtcLiveRateLimits
{
    /// <summary>Put on entry points with <c>.RequireRateLimiting(RtcLiveRateLimits.JoinsPolicy)</c>.</summary>
    public const string JoinsPolicy = "joins";

    public static WebApplicationBuilder AddRtcLiveRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>()
            .Bind(builder.Configuration.GetSection(RateLimitOptions.Section))
            .Validate(o => o.JoinPermits > 0, $"{RateLimitOptions.Section}:JoinPermits must be positive")
            .Validate(o => o.JoinWindow > TimeSpan.Zero, $"{RateLimitOptions.Section}:JoinWindow must be positive (e.g. 00:00:10)")
            .ValidateOnStart();
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, limits) =>
        {
            var joins = limits.Value;
            limiter.AddPolicy(JoinsPolicy, context => RateLimitPartition.GetFixedWindowLimiter(RemoteKey(context), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = joins.JoinPermits,
                Window = joins.JoinWindow,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (rejected, cancel) => TellRejected(rejected.HttpContext, rejected.Lease, joins, cancel);
        });
        return builder;
    }

    /// <summary>After routing (endpoint policies need the endpoint), before the token check (a flood costs no crypto).</summary>
    public static WebApplication UseRtcLiveRateLimits(this WebApplication app)
    {
        app.UseRateLimiter();
        app.Use(RefuseOversizedSdp);
        return app;
    }

    private static string RemoteKey(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null) return "local";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return address.ToString();
    }

    private static async ValueTask TellRejected(HttpContext context, RateLimitLease lease, RateLimitOptions joins, CancellationToken cancel)
    {
        EntryRefusals.JoinRate();
        string wait = "";
        if (lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan retryAfter))
        {
            int seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            context.Response.Headers[HeaderNames.RetryAfter] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            wait = $"; retry in {seconds} s";
        }
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(
            $"too many joins from your address: at most {joins.JoinPermits} per {joins.JoinWindow.TotalSeconds:0.#} s{wait}\n", cancel);
    }

    private static async Task RefuseOversizedSdp(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<SdpBodyLimit>() is null)
        {
            await next(context);
            return;
        }
        if (context.Request.ContentLength > SdpBodyLimit.MaxBytes)
        {
            await TellTooLarge(context);
            return;
        }
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            // A chunked body with no declared length: the server cut it at the cap while the endpoint read it.
            await TellTooLarge(context);
        }
    }

    private static Task TellTooLarge(HttpContext context)
    {
        EntryRefusals.BodyTooLarge();
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        // The body is not read, so the connection cannot carry another request: say so, or a client reusing it loses its
        // next request to a connection the server has already given up.
        context.Response.Headers.Connection = "close";
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync($"SDP body larger than {SdpBodyLimit.MaxBytes} bytes\n", context.RequestAborted);
    }
}
