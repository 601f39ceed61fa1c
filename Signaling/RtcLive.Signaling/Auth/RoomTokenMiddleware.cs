using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace RtcLive.Signaling.Auth;

/// <summary>
/// Checks the bearer token on endpoints marked with <see cref="RoomTokenRequirement"/>. A token that is present but
/// forged, expired or for another room always gets <c>401</c> (RFC 6750 <c>invalid_token</c>); a missing token gets
/// <c>401</c> too, except in dev mode, where the request goes on as <see cref="RoomAccess.IsDevWithoutToken"/>.
/// </summary>
public sealed class RoomTokenMiddleware
{
    private readonly RequestDelegate _next;
    private readonly RoomTokenService _tokens;
    private readonly bool _devTokens;
    private readonly ILogger<RoomTokenMiddleware> _logger;

    public RoomTokenMiddleware(RequestDelegate next, RoomTokenService tokens, IOptions<TokenOptions> options, ILogger<RoomTokenMiddleware> logger)
    {
        _next = next;
        _tokens = tokens;
        _devTokens = options.Value.DevTokens;
        _logger = logger;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var requirement = context.GetEndpoint()?.Metadata.GetMetadata<RoomTokenRequirement>();
        // CORS preflights carry no credentials by design; the CORS middleware answers them.
        if (requirement is null || HttpMethods.IsOptions(context.Request.Method)) return _next(context);

        string? room = RoomOf(context, requirement.RoomParameter);
        if (!PrintableName.TryValidate(room, "room", out string roomError))
            return Refuse(context, StatusCodes.Status400BadRequest, null, $"{roomError} (route value or query parameter '{requirement.RoomParameter}')");

        if (!BearerToken.TryRead(context.Request, out string? token))
        {
            if (!_devTokens) return Refuse(context, StatusCodes.Status401Unauthorized, "Bearer", RoomTokenErrors.Missing);
            RoomAccess.DevWithoutToken(room!).AttachTo(context);
            return _next(context);
        }

        if (!_tokens.TryValidate(token, room!, out var claims, out string error))
            return Refuse(context, StatusCodes.Status401Unauthorized, $"Bearer error=\"invalid_token\", error_description=\"{error}\"", error);

        RoomAccess.WithToken(claims).AttachTo(context);
        return _next(context);
    }

    private static string? RoomOf(HttpContext context, string parameter)
    {
        if (context.Request.RouteValues.TryGetValue(parameter, out object? value) && value is string fromRoute)
            return fromRoute;
        var fromQuery = context.Request.Query[parameter];
        return fromQuery.Count == 1 ? fromQuery[0] : null;
    }

    private Task Refuse(HttpContext context, int status, string? challenge, string reason)
    {
        // Debug, not Information: a flood of bad tokens must not become a flood of log lines. Path only: the query may hold a token.
        _logger.LogDebug("refused {Method} {Path}: {Reason}", context.Request.Method, context.Request.Path, reason);
        context.Response.StatusCode = status;
        if (challenge is not null) context.Response.Headers[HeaderNames.WWWAuthenticate] = challenge;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(reason + "\n", context.RequestAborted);
    }
}

public static class RoomTokenMiddlewareExtensions
{
    /// <summary>Enforces <see cref="RoomTokenRequirementExtensions.RequireRoomToken{TBuilder}"/>; after routing and rate limiting.</summary>
    public static WebApplication UseRoomTokens(this WebApplication app)
    {
        app.UseMiddleware<RoomTokenMiddleware>();
        return app;
    }
}
