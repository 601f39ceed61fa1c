using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using RtcLive.Signaling.Audience;
using RtcLive.Signaling.Hosting;
using RtcLive.Sfu.Control;
using RtcLive.Signaling.Auth;
using RtcLive.Signaling.Classroom;
using RtcLive.Signaling.Hubs.Contracts;
using RtcLive.Signaling.Instances;
using RtcLive.Signaling.Ice;
using RtcLive.Signaling.Placement;

namespace RtcLive.Signaling.Hubs;

/// <summary>
/// The room hub at <c>/hubs/room</c>: join with a token, publish, receive, choose a layer, leave. A join is
/// placed on an SFU node (<see cref="ISfuNodes"/>); every media operation goes to that node through its
/// <see cref="ISfuNodeControl"/>; node events reach clients through
/// <see cref="RoomEventRelay"/>. Refusals are <see cref="HubException"/>s whose message says why; the
/// connection lives on after them.
/// </summary>
/// <remarks>The classroom's calls (hands, chat, moderation) are in RoomHub.Classroom.cs.</remarks>
public sealed partial class RoomHub(
    ISfuNodes nodes,
    RelayPlanner relays,
    ConnectionRegistry registry,
    RoomTokenService tokens,
    IOptions<TokenOptions> tokenOptions,
    IClassroomStore classroom,
    ClassroomAdmission admission,
    ChatRateLimiter chatLimiter,
    IOptions<ClassroomOptions> classroomOptions,
    TimeProvider time,
    HlsClassEnd hls,
    SignalingInstance instance,
    IOptions<PlacementOptions> placement,
    TurnCredentials turn,
    RoomRoster roster,
    IAudienceStore audience,
    ILogger<RoomHub> logger) : Hub<IRoomClient>
{
    public const string Path = "/hubs/room";

    private const string ReplacedReason = "replaced by a new session of the same identity";

    public async Task<JoinResult> Join(JoinRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!ParticipantMedia.TryParse(request.Media, out string media))
            throw new HubException($"media must be '{ParticipantMedia.WebRtc}' or '{ParticipantMedia.Hls}'");
        if (media == ParticipantMedia.Hls) return await JoinOverHlsAsync(request, Authorize(request));
        var claims = await AdmitAsync(Authorize(request));

        // Joining again on the same connection (another room, or after the node dropped the participant) starts over.
        if (registry.Detach(Context.ConnectionId) is { } earlier) await LeaveAsync(earlier, "joined again");

        var sfu = await Control(() => nodes.PlaceAsync(claims.Room, request.Region, request.AvoidNode, Context.ConnectionAborted));
        var binding = new ConnectionBinding(Context.ConnectionId, claims.Room, claims.Identity, claims.Name, claims.Role, sfu.NodeId);
        // Bound before the node hears of the join, so its first subscriber offer finds this connection.
        if (registry.Attach(binding) is { } displaced)
        {
            await TellReplacedAsync(displaced);
            // The old session lives on another node: end it there (on the same node the join replaces it).
            if (displaced.OverHls) await audience.RemoveAsync(displaced.Room, displaced.ParticipantId, displaced.ConnectionId, Context.ConnectionAborted);
            else if (displaced.NodeId != sfu.NodeId && nodes.Get(displaced.NodeId) is { } old)
                await LeaveQuietlyAsync(old, displaced, ReplacedReason);
        }
        // Watching over HLS through another instance until now: that connection is out, quietly (the node's join is the news).
        if (await audience.FindAsync(claims.Room, claims.Identity, Context.ConnectionAborted) is { } watching
            && await audience.RemoveAsync(claims.Room, claims.Identity, watching.ConnectionId, Context.ConnectionAborted))
        {
            await Groups.RemoveFromGroupAsync(watching.ConnectionId, RoomGroups.Of(claims.Room));
            await Clients.Client(watching.ConnectionId).SessionReplaced(new SessionReplacedMessage(claims.Room, claims.Identity, ReplacedReason));
        }

        SfuJoinSnapshot snapshot;
        try
        {
            snapshot = await sfu.JoinAsync(claims.Room, claims.Identity, claims.Name, claims.Role.ToName(), Context.ConnectionAborted);
        }
        catch (SfuControlException ex)
        {
            registry.Detach(Context.ConnectionId);
            throw new HubException(ex.Message);
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, RoomGroups.Of(claims.Room), Context.ConnectionAborted);
        relays.AfterJoin(claims.Room, sfu.NodeId);
        logger.LogInformation("{Participant} joined room {Room} as {Role}", claims.Identity, claims.Room, claims.Role.ToName());

        var cluster = await nodes.SnapshotAsync(Context.ConnectionAborted);
        var (participants, tracks) = await roster.ForNewcomerAsync(snapshot, cluster, Context.ConnectionAborted);
        var hands = await classroom.HandsAsync(claims.Room, Context.ConnectionAborted);
        var chat = await classroom.ChatAsync(claims.Room, Context.ConnectionAborted);
        var alternates = SignalingAlternates.From(cluster, instance.Id,
            string.IsNullOrWhiteSpace(request.Region) ? placement.Value.Region : request.Region.Trim(), placement.Value);
        return new JoinResult(claims.Room, new ParticipantInfo(claims.Identity, claims.Name, claims.Role.ToName()), snapshot.NodeId,
            participants, tracks, hands, chat, alternates, turn.For(claims.Identity));
    }

    /// <summary>The client's offer (send-only m-lines) in, the node's answer out.</summary>
    public async Task<string> Publish(PublishRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var binding = RequireJoined();
        if (!binding.Role.MayPublish()) throw new HubException($"a {binding.Role.ToName()} may not publish");
        if (string.IsNullOrWhiteSpace(request.Sdp)) throw new HubException("malformed SDP: the offer is empty");

        var tracks = new List<SfuPublishedTrack>();
        foreach (var track in request.Tracks ?? [])
        {
            if (track is null || string.IsNullOrEmpty(track.Mid)) throw new HubException("every published track needs a mid");
            tracks.Add(new SfuPublishedTrack(track.Mid, track.Source ?? ""));
        }
        return await Control(() => NodeOf(binding).PublishAsync(binding.Room, binding.ParticipantId, request.Sdp, tracks, Context.ConnectionAborted));
    }

    /// <summary>The client's answer to the latest <see cref="IRoomClient.SubscriberOffer"/>.</summary>
    public Task AnswerSubscription(string sdp)
    {
        var binding = RequireJoined();
        if (string.IsNullOrWhiteSpace(sdp)) throw new HubException("malformed SDP: the answer is empty");
        return Control(() => NodeOf(binding).AnswerSubscriptionAsync(binding.Room, binding.ParticipantId, sdp, Context.ConnectionAborted));
    }

    /// <summary>The simulcast layer wanted of every received video: <c>q</c>, <c>h</c>, <c>f</c>, or <c>auto</c>.</summary>
    public Task SetLayer(string layer)
    {
        var binding = RequireJoined();
        return Control(() => NodeOf(binding).SetLayerAsync(binding.Room, binding.ParticipantId, layer, Context.ConnectionAborted));
    }

    /// <summary>Stops (or resumes) receiving one track, e.g. a tile the user does not show.</summary>
    public Task SetPaused(string trackId, bool paused)
    {
        var binding = RequireJoined();
        return Control(() => NodeOf(binding).SetPausedAsync(binding.Room, binding.ParticipantId, trackId, paused, Context.ConnectionAborted));
    }

    /// <summary>Mutes (or unmutes) the caller's own <c>camera</c>, <c>microphone</c> or <c>screen</c> for everyone.</summary>
    public Task MuteTrack(string source, bool muted)
    {
        var binding = RequireJoined();
        return Control(() => NodeOf(binding).SetTrackMutedAsync(binding.Room, binding.ParticipantId, source, muted, Context.ConnectionAborted));
    }

    public async Task<StatsResult> GetStats()
    {
        var binding = RequireJoined();
        var stats = await Control(() => NodeOf(binding).GetStatsAsync(binding.Room, binding.ParticipantId, Context.ConnectionAborted));
        return StatsResult.From(stats);
    }

    public async Task Leave()
    {
        if (registry.Detach(Context.ConnectionId) is { } binding) await LeaveAsync(binding, "left");
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        // A displaced connection is no longer bound: its disconnect must not end the session that replaced it.
        if (registry.Detach(Context.ConnectionId) is { } binding)
        {
            if (binding.OverHls) await LeaveAudienceQuietlyAsync(binding, "connection closed");
            else if (nodes.Get(binding.NodeId) is { } node) await LeaveQuietlyAsync(node, binding, "connection closed");
        }
        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>
    /// Who joins: the token (in the request, else the one the connection was opened with) decides; without any,
    /// dev mode takes the request's name and role. A token that is present but invalid is always refused.
    /// </summary>
    private RoomClaims Authorize(JoinRequest request)
    {
        if (!PrintableName.TryValidate(request.Room, "room", out string error)) throw new HubException(error);
        string room = request.Room!;

        string? token = string.IsNullOrWhiteSpace(request.Token) ? null : request.Token.Trim();
        if (token is null && Context.GetHttpContext() is { } http && BearerToken.TryRead(http.Request, out string? fromConnection))
            token = fromConnection;

        if (token is not null)
        {
            if (!tokens.TryValidate(token, room, out var claims, out error)) throw new HubException(error);
            return claims;
        }
        if (!tokenOptions.Value.DevTokens) throw new HubException(RoomTokenErrors.Missing);
        if (!PrintableName.TryValidate(request.Name, "name", out error)) throw new HubException(error);
        if (!RoomRoles.TryParse(request.Role, out var role)) throw new HubException($"role must be one of {RoomRoles.AllowedNames}");
        return new RoomClaims(room, request.Name!, request.Name!, role);
    }

    private ConnectionBinding RequireJoined() =>
        registry.TryGetBinding(Context.ConnectionId, out var binding) ? binding : throw new HubException("join a room first");

    private async Task TellReplacedAsync(ConnectionBinding displaced)
    {
        await Groups.RemoveFromGroupAsync(displaced.ConnectionId, RoomGroups.Of(displaced.Room));
        await Clients.Client(displaced.ConnectionId).SessionReplaced(new SessionReplacedMessage(displaced.Room, displaced.ParticipantId, ReplacedReason));
        logger.LogInformation("{Participant} in room {Room}: session replaced by a new connection", displaced.ParticipantId, displaced.Room);
    }

    private async Task LeaveAsync(ConnectionBinding binding, string reason)
    {
        if (binding.OverHls)
        {
            await LeaveAudienceAsync(binding, reason);
            return;
        }
        await Groups.RemoveFromGroupAsync(binding.ConnectionId, RoomGroups.Of(binding.Room));
        if (nodes.Get(binding.NodeId) is { } node) await Control(() => node.LeaveAsync(binding.Room, binding.ParticipantId, reason));
    }

    private async Task LeaveQuietlyAsync(ISfuNodeControl node, ConnectionBinding binding, string reason)
    {
        try
        {
            await node.LeaveAsync(binding.Room, binding.ParticipantId, reason);
        }
        catch (SfuControlException ex)
        {
            logger.LogDebug("{Participant} leaving node {Node}: {Reason}", binding.ParticipantId, binding.NodeId, ex.Message);
        }
    }

    /// <summary>The node the participant was placed on; gone means the client must rejoin (it is told so too).</summary>
    private ISfuNodeControl NodeOf(ConnectionBinding binding) =>
        binding.OverHls ? throw new HubException("you joined over HLS, without media: join over WebRTC for that")
        : nodes.Get(binding.NodeId) ?? throw new HubException($"your SFU node {binding.NodeId} is gone: join again to be placed on another");

    /// <summary>Runs a control call; the node's refusals become hub errors with the node's reason.</summary>
    private static async Task Control(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (SfuControlException ex)
        {
            throw new HubException(ex.Message);
        }
    }

    private static async Task<T> Control<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (SfuControlException ex)
        {
            throw new HubException(ex.Message);
        }
    }
}
