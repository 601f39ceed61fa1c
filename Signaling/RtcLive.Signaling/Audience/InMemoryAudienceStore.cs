namespace RtcLive.Signaling.Audience;

/// <summary>
/// <see cref="IAudienceStore"/> of one signaling instance (embedded mode, or one instance in front of a standalone
/// node). Bounded by the hub's connection limits: a member exists only while its connection does.
/// </summary>
public sealed class InMemoryAudienceStore(TimeProvider time) : IAudienceStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Dictionary<string, AudienceMember>> _rooms = new(StringComparer.Ordinal);

    public Task<AudienceMember?> AddAsync(string room, AudienceMember member, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (!_rooms.TryGetValue(room, out var members)) _rooms[room] = members = new(StringComparer.Ordinal);
            members.Remove(member.ParticipantId, out var earlier);
            members[member.ParticipantId] = member;
            return Task.FromResult(earlier is not null && earlier.ConnectionId != member.ConnectionId && Live(earlier) ? earlier : null);
        }
    }

    public Task<bool> RemoveAsync(string room, string participantId, string connectionId, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (!_rooms.TryGetValue(room, out var members) || !members.TryGetValue(participantId, out var member)
                || member.ConnectionId != connectionId) return Task.FromResult(false);
            members.Remove(participantId);
            if (members.Count == 0) _rooms.Remove(room);
            return Task.FromResult(true);
        }
    }

    public Task<AudienceMember?> FindAsync(string room, string participantId, CancellationToken ct = default)
    {
        lock (_gate)
            return Task.FromResult(_rooms.TryGetValue(room, out var members) && members.TryGetValue(participantId, out var member) && Live(member)
                ? member : null);
    }

    public Task<IReadOnlyList<AudienceMember>> InRoomAsync(string room, CancellationToken ct = default)
    {
        lock (_gate)
        {
            var live = new List<AudienceMember>();
            if (_rooms.TryGetValue(room, out var members))
                foreach (var member in members.Values)
                    if (Live(member)) live.Add(member);
            return Task.FromResult<IReadOnlyList<AudienceMember>>(live);
        }
    }

    public Task RefreshAsync(IReadOnlyList<(string Room, string ParticipantId, string ConnectionId)> held, long expiresAt, CancellationToken ct = default)
    {
        lock (_gate)
            foreach (var (room, participantId, connectionId) in held)
                if (_rooms.TryGetValue(room, out var members) && members.TryGetValue(participantId, out var member) && member.ConnectionId == connectionId)
                    members[participantId] = member with { ExpiresAt = Math.Max(member.ExpiresAt, expiresAt) };
        return Task.CompletedTask;
    }

    public Task ClearAsync(string room, CancellationToken ct = default)
    {
        lock (_gate) _rooms.Remove(room);
        return Task.CompletedTask;
    }

    private bool Live(AudienceMember member) => member.ExpiresAt > time.GetUtcNow().ToUnixTimeMilliseconds();
}
