using System.Text;
using RtcLive.Sfu.Control;
using RtcLive.Signaling.Auth;
using RtcLive.Signaling.Classroom;
using RtcLive.Signaling.Ice;
using RtcLive.Signaling.Placement;

namespace RtcLive.Signaling.Whip;

/// <summary>
/// WHIP ingest (RFC 9725): <c>POST /whip/{room}</c> with an SDP offer makes the sender a publisher of the room
/// and answers <c>201 Created</c> with the SDP answer and a <c>Location</c> to <c>DELETE</c> when it stops. OBS,
/// GStreamer and ffmpeg publish this way. Trickle and ICE restart are not offered: <c>PATCH</c> gets 405.
/// </summary>
public static class WhipEndpoints
{
    public const string CorsPolicy = "whip";
    private static int _anonymous;

    public static WebApplicationBuilder AddWhip(this WebApplicationBuilder builder)
    {
        // Browsers on other origins (a studio page, a test bench) may publish; tokens, not cookies, authorize.
        builder.Services.AddCors(o => o.AddPolicy(CorsPolicy, p => p
            .AllowAnyOrigin()
            .WithMethods("POST", "DELETE", "PATCH", "OPTIONS")
            .WithHeaders("Authorization", "Content-Type", "If-Match")
            .WithExposedHeaders("Location", "ETag", "Link")));
        return builder;
    }

    public static WebApplication MapWhip(this WebApplication app)
    {
        var group = app.MapGroup("/whip").RequireCors(CorsPolicy);
        group.MapPost("/{room}", PublishAsync)
            .RequireRoomToken()
            .RequireRateLimiting(RtcLiveRateLimits.JoinsPolicy)
            .WithSdpBodyLimit();
        group.MapDelete("/{room}/{resource}", StopAsync).RequireRoomToken();
        group.MapMethods("/{room}/{resource}", ["PATCH"], PatchNotSupported);
        return app;
    }

    /// <summary>Trickle ICE and ICE restart are not offered; RFC 9725 says to answer 405 with Allow.</summary>
    internal static IResult PatchNotSupported(HttpResponse response)
    {
        response.Headers.Allow = "DELETE";
        return Results.Text("trickle ICE and ICE restart are not supported: send all candidates in the offer\n",
            statusCode: StatusCodes.Status405MethodNotAllowed);
    }

    internal static async Task<string> ReadOfferAsync(HttpContext context)
    {
        // WithSdpBodyLimit has Kestrel cut anything larger before it is read.
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(context.RequestAborted);
    }

    private static async Task<IResult> PublishAsync(string room, HttpContext context, ISfuNodes nodes, ClassroomAdmission admission,
        TurnCredentials turn, ILoggerFactory loggers)
    {
        var request = context.Request;
        if (!IsSdp(request.ContentType))
            return Results.Text("send the SDP offer as Content-Type: application/sdp\n", statusCode: StatusCodes.Status415UnsupportedMediaType);
        var access = RoomAccess.Of(context)!;

        string participantId, name, role;
        if (access.Claims is { } claims)
        {
            if (!claims.Role.MayPublish())
                return Results.Text($"a {claims.Role.ToName()} may not publish\n", statusCode: StatusCodes.Status403Forbidden);
            if (await admission.RefusalAsync(claims, context.RequestAborted) is { } refusal)
                return Results.Text(refusal + "\n", statusCode: StatusCodes.Status403Forbidden);
            (participantId, name, role) = (claims.Identity, claims.Name, claims.Role.ToName());
        }
        else
        {
            // Dev mode without a token: an encoder joins as a presenter with a name of its own.
            participantId = name = $"whip-{Interlocked.Increment(ref _anonymous)}";
            role = RoomRole.Presenter.ToName();
        }

        string offer = await ReadOfferAsync(context);

        ISfuNodeControl sfu;
        try
        {
            sfu = await nodes.PlaceAsync(room, null, null, context.RequestAborted);
        }
        catch (SfuControlException ex)
        {
            return Results.Text(ex.Message + "\n", statusCode: StatusOf(ex.Error));
        }
        try
        {
            await sfu.JoinPublishOnlyAsync(room, participantId, name, role, context.RequestAborted);
            string answer = await sfu.PublishAsync(room, participantId, offer, [], context.RequestAborted);
            loggers.CreateLogger("RtcLive.Whip").LogInformation("WHIP publisher {Participant} joined room {Room}", participantId, room);
            string location = $"/whip/{Uri.EscapeDataString(room)}/{Uri.EscapeDataString(participantId)}";
            context.Response.Headers.Location = location;
            // ICE servers for the encoder (RFC 9725 §4.6), with TURN credentials issued for this session.
            context.Response.Headers.Link = turn.LinkHeaders(participantId).ToArray();
            return Results.Text(answer, "application/sdp", Encoding.UTF8, StatusCodes.Status201Created);
        }
        catch (SfuControlException ex)
        {
            // A half-made session must not linger until ICE gives up on it.
            await sfu.LeaveAsync(room, participantId, "WHIP offer refused", CancellationToken.None).ConfigureAwait(false);
            return Results.Text(ex.Message + "\n", statusCode: StatusOf(ex.Error));
        }
    }

    internal static async Task<IResult> StopAsync(string room, string resource, HttpContext context, ISfuNodes nodes)
    {
        var access = RoomAccess.Of(context) ?? throw new InvalidOperationException("the session route must require a room token");
        // With a token, only its holder may end its session; dev mode without tokens trusts the resource URL,
        // which only the client that created the session was told.
        if (access.Claims is { } claims && claims.Identity != resource)
            return Results.Text("this token does not own that session\n", statusCode: StatusCodes.Status403Forbidden);
        // The session is on one of the room's nodes: the one that knows it ends it.
        var snapshot = await nodes.SnapshotAsync(context.RequestAborted);
        foreach (var node in snapshot.NodesOfRoom(room).Count > 0 ? snapshot.NodesOfRoom(room) : snapshot.Nodes)
        {
            if (nodes.Get(node.Id) is not { } sfu) continue;
            try
            {
                await sfu.GetStatsAsync(room, resource, context.RequestAborted); // throws NotJoined for an unknown session
                await sfu.LeaveAsync(room, resource, "WHIP session deleted", context.RequestAborted);
                return Results.Ok();
            }
            catch (SfuControlException ex) when (ex.Error is SfuControlError.NotJoined or SfuControlError.Unavailable)
            {
                // Not there: try the next.
            }
        }
        return Results.Text("no such WHIP session\n", statusCode: StatusCodes.Status404NotFound);
    }

    internal static bool IsSdp(string? contentType) =>
        string.Equals(contentType?.Split(';')[0].Trim(), "application/sdp", StringComparison.OrdinalIgnoreCase);

    internal static int StatusOf(SfuControlError error) => error switch
    {
        SfuControlError.NotAllowed => StatusCodes.Status403Forbidden,
        SfuControlError.Full or SfuControlError.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };
}
