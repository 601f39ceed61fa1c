using Microsoft.AspNetCore.SignalR;
using RtcLive.Signaling.Audience;
using RtcLive.Signaling.Auth;
using RtcLive.Signaling.Hubs.Contracts;
using RtcLive.Signaling.Instances;

namespace RtcLive.Signaling.Hubs;

/// <summary>
/// Taking part without media: a viewer who watches over HLS joins for the classroom alone (chat, hands, the
/// participant list). It is bound to this signaling instance and listed in <see cref="IAudienceStore"/>, shared by the
/// cluster; no SFU node is asked anything, so it costs a node nothing. Others learn of it through the room's group
/// (the backplane in a cluster), as they learn of chat.
/// </summary>
public sealed partial class RoomHub
{
    private const string HlsRoleRefusal = "only viewers watch over HLS: a {0} takes part over WebRTC (open the class without transport=hls)";

    private async Task<JoinResult> JoinOverHlsAsync(JoinRequest request, RoomClaims claims)
    {
        // The token's own role decides, not a role granted on stage: over HLS nobody publishes, so everyone is a viewer.
        if (claims.Role != RoomRole.Viewer)
        {
            AudienceMetrics.Refused.WithLabels("role").Inc();
            throw new HubException(string.Format(System.Globalization.CultureInfo.InvariantCulture, HlsRoleRefusal, claims.Role.ToName()));
        }
        if (await admission.RefusalAsync(claims, Context.ConnectionAborted) is { } refusal) throw new HubException(refusal);

        if (registry.Detach(Context.ConnectionId) is { } earlier) await LeaveAsync(earlier, "joined again");

        var binding = new ConnectionBinding(Context.ConnectionId, claims.Room, claims.Identity, claims.Name, RoomRole.Viewer, ConnectionBinding.NoNode);
        var displaced = registry.Attach(binding);
        var member = new AudienceMember(claims.Identity, claims.Name, RoomRole.Viewer.ToName(), Context.ConnectionId, instance.Id,
            AudienceLease.ExpiryFrom(time));
        // Listed before an earlier WebRTC session leaves its node, so that node's "left" is known to be stale.
        AudienceMember? elsewhere;
        try
        {
            elsewhere = await audience.AddAsync(claims.Room, member, Context.ConnectionAborted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            registry.Detach(Context.ConnectionId);
            logger.LogWarning(ex, "{Participant} joining room {Room} over HLS: the class's list could not be written", claims.Identity, claims.Room);
            throw new HubException("the class's participant list is unavailable for a moment: try again");
        }
        string group = RoomGroups.Of(claims.Room);
        if (displaced is not null)
        {
            await TellReplacedAsync(displaced);
            if (!displaced.OverHls && nodes.Get(displaced.NodeId) is { } old) await LeaveQuietlyAsync(old, displaced, ReplacedReason);
        }
        else if (elsewhere is not null)
        {
            // The same identity over HLS through another instance (or an earlier connection): that one is out now.
            await Groups.RemoveFromGroupAsync(elsewhere.ConnectionId, group);
            await Clients.Client(elsewhere.ConnectionId).SessionReplaced(new SessionReplacedMessage(claims.Room, claims.Identity, ReplacedReason));
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, group, Context.ConnectionAborted);
        var self = ParticipantInfo.From(member);
        await Clients.GroupExcept(group, [Context.ConnectionId]).ParticipantJoined(self);
        AudienceMetrics.Joins.Inc();
        logger.LogInformation("{Participant} joined room {Room} over HLS (no SFU node)", claims.Identity, claims.Room);

        var cluster = await nodes.SnapshotAsync(Context.ConnectionAborted);
        var (participants, tracks) = await roster.ForAudienceAsync(claims.Room, cluster, Context.ConnectionAborted);
        var hands = await classroom.HandsAsync(claims.Room, Context.ConnectionAborted);
        var chat = await classroom.ChatAsync(claims.Room, Context.ConnectionAborted);
        var alternates = SignalingAlternates.From(cluster, instance.Id,
            string.IsNullOrWhiteSpace(request.Region) ? placement.Value.Region : request.Region.Trim(), placement.Value);
        return new JoinResult(claims.Room, self, ConnectionBinding.NoNode, participants, tracks, hands, chat, alternates, []);
    }

    /// <summary>An HLS participant leaves: off the list (if it was still this connection's), its hand down, the room told.</summary>
    private async Task LeaveAudienceAsync(ConnectionBinding binding, string reason)
    {
        string group = RoomGroups.Of(binding.Room);
        await Groups.RemoveFromGroupAsync(binding.ConnectionId, group);
        if (!await audience.RemoveAsync(binding.Room, binding.ParticipantId, binding.ConnectionId)) return;
        await Clients.Group(group).ParticipantLeft(new ParticipantLeftMessage(
            new ParticipantInfo(binding.ParticipantId, binding.Name, binding.Role.ToName(), ParticipantMedia.Hls), reason));
        if (await classroom.LowerHandAsync(binding.Room, binding.ParticipantId))
            await Clients.Group(group).HandChanged(new HandMessage(binding.ParticipantId, false, Now()));
    }

    private async Task LeaveAudienceQuietlyAsync(ConnectionBinding binding, string reason)
    {
        try
        {
            await LeaveAudienceAsync(binding, reason);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The store is away (Redis restarting): the entry lapses with its lease instead.
            logger.LogWarning(ex, "{Participant} leaving room {Room} over HLS: could not take it off the list", binding.ParticipantId, binding.Room);
        }
    }

    /// <summary>
    /// An HLS participant acting in the class must still be in it: removed or replaced through another instance, or
    /// the class ended, and it is out even if its client ignored being told. An entry the store lost (Redis restarted
    /// empty) is written again.
    /// </summary>
    private async Task RequireStillInClassAsync(ConnectionBinding binding)
    {
        if (!binding.OverHls) return;
        var ct = Context.ConnectionAborted;
        string? gone = null;
        var member = await audience.FindAsync(binding.Room, binding.ParticipantId, ct);
        if (member is not null && member.ConnectionId != binding.ConnectionId) gone = ReplacedReason;
        else if (await classroom.IsRemovedAsync(binding.Room, binding.ParticipantId, ct)) gone = "you were removed from this class";
        else if (member is null && await classroom.EndedAtAsync(binding.Room, ct) is not null) gone = "this class has ended";
        if (gone is null)
        {
            if (member is null)
                await audience.AddAsync(binding.Room, new AudienceMember(binding.ParticipantId, binding.Name, binding.Role.ToName(),
                    binding.ConnectionId, instance.Id, AudienceLease.ExpiryFrom(time)), ct);
            return;
        }
        if (registry.Detach(binding.ConnectionId) is not null) await Groups.RemoveFromGroupAsync(binding.ConnectionId, RoomGroups.Of(binding.Room));
        throw new HubException($"you are no longer in this class: {gone}");
    }

    /// <summary>A participant of the room by id, wherever it is connected: this instance's, else the cluster's HLS audience.</summary>
    private async Task<ConnectionBinding> RequireOtherAsync(ConnectionBinding caller, string? participantId)
    {
        string id = RequireText(participantId, "participant");
        if (id == caller.ParticipantId) throw new HubException("you cannot do that to yourself");
        if (registry.TryGetConnection(caller.Room, id, out string connection) && registry.TryGetBinding(connection, out var target)) return target;
        if (await audience.FindAsync(caller.Room, id, Context.ConnectionAborted) is { } member && RoomRoles.TryParse(member.Role, out var role))
            return new ConnectionBinding(member.ConnectionId, caller.Room, member.ParticipantId, member.Name, role, ConnectionBinding.NoNode);
        throw new HubException($"nobody called '{id}' is in this class");
    }

    private static string OverHlsRefusal(ConnectionBinding target, string what) =>
        $"{target.Name} watches over HLS (no WebRTC), so cannot {what}: they take part in chat and hands; to speak they must open the class over WebRTC";
}
