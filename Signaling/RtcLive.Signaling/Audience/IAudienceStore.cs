namespace RtcLive.Signaling.Audience;

/// <summary>
/// Who takes part in each class without media (over HLS), as every signaling instance sees it: in memory for one
/// instance, in Redis for a cluster. A member is only ever removed by its own connection (or, with
/// <paramref name="connectionId"/> named, by whoever removes exactly that connection), so a participant who
/// joined again elsewhere is never taken off by its old connection's goodbye.
/// </summary>
public interface IAudienceStore
{
    /// <summary>Adds the member, replacing an earlier connection of the same identity; returns that earlier one, if any.</summary>
    Task<AudienceMember?> AddAsync(string room, AudienceMember member, CancellationToken ct = default);

    /// <returns>True when the member was there with this connection and is now gone (only then is it news to the room).</returns>
    Task<bool> RemoveAsync(string room, string participantId, string connectionId, CancellationToken ct = default);

    /// <summary>The member, unless absent or expired.</summary>
    Task<AudienceMember?> FindAsync(string room, string participantId, CancellationToken ct = default);

    /// <summary>The room's live members.</summary>
    Task<IReadOnlyList<AudienceMember>> InRoomAsync(string room, CancellationToken ct = default);

    /// <summary>Pushes the expiry of members still held by these connections to <paramref name="expiresAt"/>; never brings back a removed one.</summary>
    Task RefreshAsync(IReadOnlyList<(string Room, string ParticipantId, string ConnectionId)> held, long expiresAt, CancellationToken ct = default);

    /// <summary>Forgets the room's whole audience (the class ended).</summary>
    Task ClearAsync(string room, CancellationToken ct = default);
}
