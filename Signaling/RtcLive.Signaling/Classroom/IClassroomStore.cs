using RtcLive.Signaling.Auth;

namespace RtcLive.Signaling.Classroom;

/// <summary>
/// What a class remembers beyond its media: raised hands, the chat, roles granted by moderators, removed
/// identities, and whether it has ended. In memory for one signaling instance; the cluster shares it (Redis).
/// </summary>
public interface IClassroomStore
{
    /// <returns>The hand, or null when it was already raised (nothing changed).</returns>
    Task<RaisedHand?> RaiseHandAsync(string room, string participantId, long at, CancellationToken ct = default);

    /// <returns>False when the hand was not raised.</returns>
    Task<bool> LowerHandAsync(string room, string participantId, CancellationToken ct = default);

    /// <summary>Raised hands, oldest first.</summary>
    Task<IReadOnlyList<RaisedHand>> HandsAsync(string room, CancellationToken ct = default);

    /// <summary>Stores a message, numbering it; the oldest beyond the history limit are forgotten.</summary>
    Task<ChatMessage> AddChatAsync(string room, string participantId, string from, string text, long at, CancellationToken ct = default);

    /// <summary>The kept history, oldest first.</summary>
    Task<IReadOnlyList<ChatMessage>> ChatAsync(string room, CancellationToken ct = default);

    /// <summary>The role a moderator gave the identity (it outlives a reload), or null.</summary>
    Task<RoomRole?> GrantedRoleAsync(string room, string participantId, CancellationToken ct = default);

    Task SetGrantedRoleAsync(string room, string participantId, RoomRole? role, CancellationToken ct = default);

    /// <summary>Bars the identity from the room from now on.</summary>
    Task RemoveAsync(string room, string participantId, CancellationToken ct = default);

    Task<bool> IsRemovedAsync(string room, string participantId, CancellationToken ct = default);

    /// <summary>Ends the class at <paramref name="at"/> (ms since the epoch): tokens issued before then no longer join.</summary>
    Task EndAsync(string room, long at, CancellationToken ct = default);

    /// <summary>When the class last ended, or null.</summary>
    Task<long?> EndedAtAsync(string room, CancellationToken ct = default);
}
