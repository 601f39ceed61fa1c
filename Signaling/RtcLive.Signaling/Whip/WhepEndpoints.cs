using System.Text;
using RtcLive.Sfu.Control;
using RtcLive.Signaling.Auth;
using RtcLive.Signaling.Classroom;
using RtcLive.Signaling.Ice;
using RtcLive.Signaling.Placement;

namespace RtcLive.Signaling.Whip;

/// <summary>
/// WHEP playback (the IETF WHEP draft): <c>POST /whep/{room}</c> with a receive-only SDP offer answers
/// <c>201 Created</c> with the room's presenter camera and microphone (the best simulcast layer the viewer's
/// bandwidth allows) and a <c>Location</c> to <c>DELETE</c>. A viewer who arrives before the presenter gets its
/// 201 at once; media starts when the presenter does. <c>PATCH</c> (trickle, ICE restart) gets 405.
/// </summary>
public static class WhepEndpoints
{
    private static int _anonymous;

    public static WebApplication MapWhep(this WebApplication app)
    {
        var group = app.MapGroup("/whep").RequireCors(WhipEndpoints.CorsPolicy);
        group.MapPost("/{room}", PlayAsync)
            .RequireRoomToken()
            .RequireRateLimiting(RtcLiveRateLimits.JoinsPolicy)
            .WithSdpBodyLimit();
        group.MapDelete("/{room}/{resource}", (string room, string resource, HttpContext context, ISfuNodes nodes) =>
            WhipEndpoints.StopAsync(room, resource, context, nodes)).RequireRoomToken();
        group.MapMethods("/{room}/{resource}", ["PATCH"], WhipEndpoints.PatchNotSupported);
        return app;
    }

    private static async Task<IResult> PlayAsync(string room, HttpContext context, ISfuNodes nodes, ClassroomAdmission admission,
        TurnCredentials turn, ILoggerFactory loggers)
    {
        if (!WhipEndpoints.IsSdp(context.Request.ContentType))
            return Results.Text("send the SDP offer as Content-Type: application/sdp\n", statusCode: StatusCodes.Status415UnsupportedMediaType);
        var access = RoomAccess.Of(context)!;
        string participantId, name;
        if (access.Claims is { } claims)
        {
            if (await admission.RefusalAsync(claims, context.RequestAborted) is { } refusal)
                return Results.Text(refusal + "\n", statusCode: StatusCodes.Status403Forbidden);
            (participantId, name) = (claims.Identity, claims.Name);
        }
        else participantId = name = $"whep-{Interlocked.Increment(ref _anonymous)}";

        string offer = await WhipEndpoints.ReadOfferAsync(context);
        try
        {
            var sfu = await nodes.PlaceAsync(room, null, null, context.RequestAborted);
            string answer = await sfu.JoinForPlaybackAsync(room, participantId, name, offer, context.RequestAborted);
            loggers.CreateLogger("RtcLive.Whep").LogInformation("WHEP viewer {Participant} joined room {Room}", participantId, room);
            context.Response.Headers.Location = $"/whep/{Uri.EscapeDataString(room)}/{Uri.EscapeDataString(participantId)}";
            // ICE servers for the player (RFC 9725 §4.6, as WHEP reuses it), with TURN credentials issued for this session.
            context.Response.Headers.Link = turn.LinkHeaders(participantId).ToArray();
            return Results.Text(answer, "application/sdp", Encoding.UTF8, StatusCodes.Status201Created);
        }
        catch (SfuControlException ex)
        {
            return Results.Text(ex.Message + "\n", statusCode: WhipEndpoints.StatusOf(ex.Error));
        }
    }
}
