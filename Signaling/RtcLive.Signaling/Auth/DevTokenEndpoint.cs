using Microsoft.Extensions.Options;

namespace RtcLive.Signaling.Auth;

public static class DevTokenEndpoint
{
    /// <summary>
    /// <c>GET /api/dev/token?room=R&amp;name=N&amp;role=ROLE</c> → <c>{ "token": "…" }</c>, so the page can join without
    /// a backend of its own. Mapped only in dev mode (<c>RtcLive:Auth:DevTokens</c>); elsewhere the path is a 404.
    /// The identity is the name: names are unique in a room.
    /// </summary>
    public static WebApplication MapDevTokenEndpoint(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<TokenOptions>>().Value.DevTokens) return app;

        app.MapGet("/api/dev/token", (string? room, string? name, string? role, RoomTokenService tokens, HttpResponse response) =>
        {
            if (!PrintableName.TryValidate(room, "room", out string error) || !PrintableName.TryValidate(name, "name", out error))
                return Results.Text(error + "\n", statusCode: StatusCodes.Status400BadRequest);
            if (!RoomRoles.TryParse(role, out var parsed))
                return Results.Text($"role must be one of {RoomRoles.AllowedNames}\n", statusCode: StatusCodes.Status400BadRequest);

            string token = tokens.Issue(new RoomClaims(room!, name!, name!, parsed));
            response.Headers.CacheControl = "no-store";
            return Results.Json(new DevTokenResponse(token));
        });
        app.Logger.LogWarning("dev tokens are on: anyone can get a token at /api/dev/token and join without one; turn {Section}:DevTokens off in production",
            TokenOptions.Section);
        return app;
    }

    public sealed record DevTokenResponse(string Token);
}
