using RtcLive.Sfu.Control;
using RtcLive.Sfu.Control.Http;

namespace RtcLive.SfuNode.Control;

/// <summary>
/// The node's control API over HTTP (<see cref="SfuControlPaths"/>): each endpoint passes one call to the node's
/// <see cref="ISfuNodeControl"/> and answers with its result, or with the node's refusal as a
/// <see cref="SfuControlProblem"/>; <see cref="HttpSfuNodeControl"/> is the client on the other end.
/// </summary>
public static class ControlEndpoints
{
    public static WebApplication MapControlApi(this WebApplication app)
    {
        var api = app.MapGroup("").AddEndpointFilter<ControlTokenFilter>();

        api.MapGet(SfuControlPaths.Status, (ISfuNodeControl node, CancellationToken ct) =>
            Answer(() => node.GetStatusAsync(ct)));
        api.MapGet(SfuControlPaths.Events, (HttpContext context, ControlEventStream events) => events.ServeAsync(context));

        api.MapPost(SfuControlPaths.Join, (JoinRequest r, ISfuNodeControl node, CancellationToken ct) =>
            Answer(() => node.JoinAsync(r.Room, r.ParticipantId, r.Name, r.Role, ct)));
        api.MapPost(SfuControlPaths.JoinPublishOnly, (JoinRequest r, ISfuNodeControl node, CancellationToken ct) =>
            Done(() => node.JoinPublishOnlyAsync(r.Room, r.ParticipantId, r.Name, r.Role, ct)));
        api.MapPost(SfuControlPaths.JoinForPlayback, (JoinForPlaybackRequest r, ISfuNodeControl node, CancellationToken ct) =>
            Answer(async () => new SdpResponse(await node.JoinForPlaybackAsync(r.Room, r.ParticipantId, r.Name, r.OfferSdp, ct))));
        api.MapPost(SfuControlPaths.Publish, (PublishRequest r, ISfuNodeControl node, CancellationToken ct) =>
            Answer(async () => new SdpResponse(await node.PublishAsync(r.Room, r.ParticipantId, r.OfferSdp, r.Tracks, ct))));
        api.MapPost(SfuControlPaths.AnswerSubscription, (AnswerSubscriptionRequest r, ISfuNodeControl node, CancellationToken ct) =>
            Done(() => node.AnswerSubscriptionAsync(r.Room, r.ParticipantId, r.AnswerSdp, ct)));
        api.MapPost(SfuControlPaths.SetLayer, (SetLayerRequest r, ISfuNodeControl node, CancellationToken ct) =>
            Done(() => node.SetLayerAsync(r.Room, r.ParticipantId, r.Layer, ct)));
        api.MapPost(SfuControlPaths.SetRelayLayers, (SetRelayLayersRequest r, ISfuNodeControl node, CancellationToken ct) =>
            Answer(() => node.SetRelayLayersAsync(r.Room, r.ParticipantId, r.TrackId, r.Rids ?? [], ct)));
        api.MapPost(SfuControlPaths.SetPaused, (SetPausedRequest r, ISfuNodeControl node, CancellationToken ct) =>
            Done(() => node.SetPausedAsync(r.Room, r.ParticipantId, r.TrackId, r.Paused, ct)));
        api.MapPost(SfuControlPaths.SetTrackMuted, (SetTrackMutedRequest r, ISfuNodeControl node, CancellationToken ct) =>
            Done(() => node.SetTrackMutedAsync(r.Room, r.ParticipantId, r.Source, r.Muted, ct)));
        api.MapPost(SfuControlPaths.SetRole, (SetRoleRequest r, ISfuNodeControl node, CancellationToken ct) =>
            Done(() => node.SetRoleAsync(r.Room, r.ParticipantId, r.Role, ct)));
        api.MapPost(SfuControlPaths.Stats, (ParticipantRequest r, ISfuNodeControl node, CancellationToken ct) =>
            Answer(() => node.GetStatsAsync(r.Room, r.ParticipantId, ct)));
        api.MapPost(SfuControlPaths.Room, (RoomRequest r, ISfuNodeControl node, CancellationToken ct) =>
            Answer(() => node.GetRoomAsync(r.Room, ct)));
        api.MapPost(SfuControlPaths.Leave, (LeaveRequest r, ISfuNodeControl node, CancellationToken ct) =>
            Done(() => node.LeaveAsync(r.Room, r.ParticipantId, r.Reason, ct)));
        api.MapPost(SfuControlPaths.PullRoom, (PullRoomRequest r, ISfuNodeControl node, CancellationToken ct) =>
            Done(() => node.PullRoomAsync(r.Room, r.FromNodeId, r.FromControlUrl, ct)));
        api.MapPost(SfuControlPaths.Drain, (DrainRequest r, ISfuNodeControl node, CancellationToken ct) =>
            Done(() => node.DrainAsync(TimeSpan.FromSeconds(Math.Clamp(r.DeadlineSeconds, 0, 24 * 3600)), ct)));
        return app;
    }

    private static async Task<IResult> Answer<T>(Func<Task<T>> call)
    {
        try
        {
            return Results.Json(await call(), SfuControlJson.Options);
        }
        catch (SfuControlException ex)
        {
            return Refusal(ex);
        }
    }

    private static async Task<IResult> Done(Func<Task> call)
    {
        try
        {
            await call();
            return Results.NoContent();
        }
        catch (SfuControlException ex)
        {
            return Refusal(ex);
        }
    }

    private static IResult Refusal(SfuControlException ex) =>
        Results.Json(SfuControlProblem.From(ex), SfuControlJson.Options, statusCode: SfuControlProblem.StatusOf(ex.Error));
}
