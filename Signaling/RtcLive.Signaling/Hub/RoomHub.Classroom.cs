using Microsoft.AspNetCore.SignalR;
using RtcLive.Sfu.Control;
using RtcLive.Signaling.Audience;
using RtcLive.Signaling.Auth;
using RtcLive.Signaling.Classroom;
using RtcLive.Signaling.Hubs.Contracts;

namespace RtcLive.Signaling.Hubs;

/// <summary>
/// The classroom on top of the media: hands, chat, the stage (promote, demote, mute others) and moderation
/// (remove, end the class). Roles are checked here against the caller's current role; the SFU enforces what
/// reaches the media (a demoted speaker's tracks stop being forwarded).
/// </summary>
public sealed partial class RoomHub
{
    public async Task RaiseHand()
    {
        var binding = RequireJoined();
        await RequireStillInClassAsync(binding);
        if (await classroom.RaiseHandAsync(binding.Room, binding.ParticipantId, Now(), Context.ConnectionAborted) is not { } hand) return;
        ClassroomMetrics.HandsRaised.Inc();
        await Clients.Group(RoomGroups.Of(binding.Room)).HandChanged(new HandMessage(hand.ParticipantId, true, hand.At));
    }

    public async Task LowerHand()
    {
        var binding = RequireJoined();
        await RequireStillInClassAsync(binding);
        await LowerHandOfAsync(binding.Room, binding.ParticipantId);
    }

    /// <summary>Lowers someone else's hand (a presenter or moderator answering it).</summary>
    public async Task DismissHand(string participantId)
    {
        var binding = RequireStage("dismiss a hand");
        await LowerHandOfAsync(binding.Room, RequireText(participantId, "participant"));
    }

    /// <summary>Brings a viewer on stage: it becomes a speaker and its client starts publishing. Its hand goes down.</summary>
    public async Task Promote(string participantId)
    {
        var binding = RequireStage("promote");
        var target = await RequireOtherAsync(binding, participantId);
        // Chosen over switching the page to WebRTC on its own: HLS is where WebRTC failed or is missing.
        if (target.OverHls) throw new HubException(OverHlsRefusal(target, "be brought on stage"));
        if (target.Role != RoomRole.Viewer) throw new HubException($"{target.Name} is a {target.Role.ToName()}, not a viewer: only viewers are promoted");
        await ChangeRoleAsync(binding, target, RoomRole.Speaker);
        ClassroomMetrics.ModerationActions.WithLabels("promote").Inc();
        await LowerHandOfAsync(binding.Room, target.ParticipantId);
    }

    /// <summary>Takes a speaker off stage: it becomes a viewer and the node stops forwarding its tracks at once.</summary>
    public async Task Demote(string participantId)
    {
        var binding = RequireStage("demote");
        var target = await RequireOtherAsync(binding, participantId);
        if (target.Role != RoomRole.Speaker) throw new HubException($"{target.Name} is a {target.Role.ToName()}, not a speaker: only speakers are demoted");
        await ChangeRoleAsync(binding, target, RoomRole.Viewer);
        ClassroomMetrics.ModerationActions.WithLabels("demote").Inc();
    }

    /// <summary>Stops forwarding someone's microphone (<c>audio</c>) or camera (<c>video</c>); everyone, that participant included, is told.</summary>
    public async Task MuteParticipant(string participantId, string kind)
    {
        var binding = RequireStage("mute others");
        var target = await RequireOtherAsync(binding, participantId);
        if (target.OverHls) throw new HubException(OverHlsRefusal(target, "be muted: nothing of theirs is sent"));
        string source = kind switch
        {
            "audio" => "microphone",
            "video" => "camera",
            _ => throw new HubException($"mute what? '{kind}' is neither audio nor video"),
        };
        await Control(() => NodeOf(target).SetTrackMutedAsync(binding.Room, target.ParticipantId, source, true, Context.ConnectionAborted));
        ClassroomMetrics.ModerationActions.WithLabels("mute").Inc();
        logger.LogInformation("{Moderator} muted the {Source} of {Participant} in room {Room}", binding.ParticipantId, source, target.ParticipantId, binding.Room);
    }

    /// <summary>Removes a participant: it leaves at once and its identity cannot join this room again.</summary>
    public async Task Remove(string participantId)
    {
        var binding = RequireModerator("remove participants");
        var target = await RequireOtherAsync(binding, participantId);
        await classroom.RemoveAsync(binding.Room, target.ParticipantId, Context.ConnectionAborted);
        if (registry.Detach(target.ConnectionId) is not null || target.OverHls)
        {
            // An HLS participant may be connected through another instance: the backplane carries both to it.
            await Groups.RemoveFromGroupAsync(target.ConnectionId, RoomGroups.Of(target.Room));
            await Clients.Client(target.ConnectionId).Removed(new RemovedMessage(target.Room, binding.Name, "removed by a moderator"));
        }
        if (target.OverHls)
        {
            if (await audience.RemoveAsync(binding.Room, target.ParticipantId, target.ConnectionId, Context.ConnectionAborted))
                await Clients.Group(RoomGroups.Of(binding.Room)).ParticipantLeft(new ParticipantLeftMessage(
                    new ParticipantInfo(target.ParticipantId, target.Name, target.Role.ToName(), ParticipantMedia.Hls), "removed by a moderator"));
        }
        else if (nodes.Get(target.NodeId) is { } node) await Control(() => node.LeaveAsync(binding.Room, target.ParticipantId, "removed by a moderator"));
        ClassroomMetrics.ModerationActions.WithLabels("remove").Inc();
        logger.LogInformation("{Moderator} removed {Participant} from room {Room}", binding.ParticipantId, target.ParticipantId, binding.Room);
    }

    /// <summary>Ends the class for everyone: all leave, and tokens issued before now no longer join the room.</summary>
    public async Task EndClass()
    {
        var binding = RequireModerator("end the class");
        await classroom.EndAsync(binding.Room, Now(), Context.ConnectionAborted);
        ClassroomMetrics.ModerationActions.WithLabels("end").Inc();
        string group = RoomGroups.Of(binding.Room);
        await Clients.Group(group).ClassEnded(new ClassEndedMessage(binding.Room, binding.Name));
        // HLS viewers learn it from the playlist's EXT-X-ENDLIST; ffmpeg's last fragments must not hold up this call.
        _ = hls.EndAsync(binding.Room);
        foreach (var member in registry.InRoom(binding.Room))
        {
            if (registry.Detach(member.ConnectionId) is null) continue;
            await Groups.RemoveFromGroupAsync(member.ConnectionId, group);
            if (!member.OverHls && nodes.Get(member.NodeId) is { } node) await LeaveQuietlyAsync(node, member, "the class ended");
        }
        // The cluster's whole HLS audience: those on other instances were told through the group and are out too.
        await audience.ClearAsync(binding.Room, Context.ConnectionAborted);
        logger.LogInformation("{Moderator} ended the class in room {Room}", binding.ParticipantId, binding.Room);
    }

    /// <summary>A message to the whole room, kept for late joiners. Plain text; too long, empty or too fast is refused.</summary>
    public async Task<ChatMessage> Chat(string text)
    {
        var binding = RequireJoined();
        await RequireStillInClassAsync(binding);
        if (!ChatText.TryNormalize(text, classroomOptions.Value.MaxChatLength, out string normalized, out string error))
        {
            ClassroomMetrics.ChatRefused.WithLabels("invalid").Inc();
            throw new HubException(error);
        }
        if (!chatLimiter.TryAcquire(binding.Room, binding.ParticipantId))
        {
            ClassroomMetrics.ChatRefused.WithLabels("rate").Inc();
            throw new HubException("too many chat messages: wait a few seconds before sending more");
        }
        var message = await classroom.AddChatAsync(binding.Room, binding.ParticipantId, binding.Name, normalized, Now(), Context.ConnectionAborted);
        ClassroomMetrics.ChatMessages.Inc();
        await Clients.Group(RoomGroups.Of(binding.Room)).ChatMessage(message);
        return message;
    }

    /// <summary>
    /// The gate every join passes (<see cref="ClassroomAdmission"/>); a role a moderator granted (a viewer made
    /// speaker) survives a reload.
    /// </summary>
    private async Task<RoomClaims> AdmitAsync(RoomClaims claims)
    {
        if (await admission.RefusalAsync(claims, Context.ConnectionAborted) is { } refusal) throw new HubException(refusal);
        if (claims.Role == RoomRole.Viewer && await classroom.GrantedRoleAsync(claims.Room, claims.Identity, Context.ConnectionAborted) is { } granted)
            return claims with { Role = granted };
        return claims;
    }

    private async Task ChangeRoleAsync(ConnectionBinding by, ConnectionBinding target, RoomRole role)
    {
        await Control(() => NodeOf(target).SetRoleAsync(target.Room, target.ParticipantId, role.ToName(), Context.ConnectionAborted));
        await classroom.SetGrantedRoleAsync(target.Room, target.ParticipantId, role == RoomRole.Speaker ? role : null, Context.ConnectionAborted);
        // The node's RoleChanged event updates the registry too; doing it here makes the caller's next call see it.
        registry.UpdateRole(target.Room, target.ParticipantId, role);
        logger.LogInformation("{By} made {Participant} a {Role} in room {Room}", by.ParticipantId, target.ParticipantId, role.ToName(), target.Room);
    }

    private async Task LowerHandOfAsync(string room, string participantId)
    {
        if (await classroom.LowerHandAsync(room, participantId, Context.ConnectionAborted))
            await Clients.Group(RoomGroups.Of(room)).HandChanged(new HandMessage(participantId, false, Now()));
    }

    private ConnectionBinding RequireStage(string what)
    {
        var binding = RequireJoined();
        if (!binding.Role.MayManageStage()) throw new HubException($"a {binding.Role.ToName()} may not {what}: presenters and moderators may");
        return binding;
    }

    private ConnectionBinding RequireModerator(string what)
    {
        var binding = RequireJoined();
        if (!binding.Role.MayModerate()) throw new HubException($"a {binding.Role.ToName()} may not {what}: only moderators may");
        return binding;
    }

    private static string RequireText(string? value, string what) =>
        string.IsNullOrWhiteSpace(value) ? throw new HubException($"which {what}? none was named") : value;

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();
}
