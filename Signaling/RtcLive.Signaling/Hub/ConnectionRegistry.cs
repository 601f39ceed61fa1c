using RtcLive.Signaling.Audience;
using RtcLive.Signaling.Auth;

namespace RtcLive.Signaling.Hubs;

/// <summary>
/// Which hub connection is which participant of which room, both ways: the hub finds a caller's participant,
/// the event relay finds a participant's connection. A participant has at most one connection; binding a new
/// one displaces the old (names are unique in a room).
/// </summary>
public sealed class ConnectionRegistry
{
    private readonly object _gate = new();
    private readonly Dictionary<string, ConnectionBinding> _byConnection = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Room, string Participant), string> _byParticipant = [];

    /// <summary>Binds the connection; returns the binding of the participant's previous connection, now unbound, if any.</summary>
    public ConnectionBinding? Attach(ConnectionBinding binding)
    {
        lock (_gate)
        {
            ConnectionBinding? displaced = null;
            var key = (binding.Room, binding.ParticipantId);
            if (_byParticipant.TryGetValue(key, out string? previous) && previous != binding.ConnectionId
                && _byConnection.Remove(previous, out var old))
            {
                displaced = old;
                Counted(old, -1);
            }
            if (_byConnection.Remove(binding.ConnectionId, out var earlier))
            {
                RemoveIndex(earlier);
                Counted(earlier, -1);
            }
            _byConnection[binding.ConnectionId] = binding;
            Counted(binding, +1);
            _byParticipant[key] = binding.ConnectionId;
            return displaced;
        }
    }

    /// <summary>Unbinds the connection; returns what it was bound to, or null when it was not (or was displaced).</summary>
    public ConnectionBinding? Detach(string connectionId)
    {
        lock (_gate)
        {
            if (!_byConnection.Remove(connectionId, out var binding)) return null;
            RemoveIndex(binding);
            Counted(binding, -1);
            return binding;
        }
    }

    public bool TryGetBinding(string connectionId, out ConnectionBinding binding)
    {
        lock (_gate) return _byConnection.TryGetValue(connectionId, out binding!);
    }

    public bool TryGetConnection(string room, string participantId, out string connectionId)
    {
        lock (_gate) return _byParticipant.TryGetValue((room, participantId), out connectionId!);
    }

    /// <summary>The participant's connection now carries another role (a moderator promoted or demoted it).</summary>
    public void UpdateRole(string room, string participantId, RoomRole role)
    {
        lock (_gate)
        {
            if (_byParticipant.TryGetValue((room, participantId), out string? connection) && _byConnection.TryGetValue(connection, out var binding))
                _byConnection[connection] = binding with { Role = role };
        }
    }

    /// <summary>Every connection bound to the room now.</summary>
    public IReadOnlyList<ConnectionBinding> InRoom(string room)
    {
        lock (_gate)
        {
            var bindings = new List<ConnectionBinding>();
            foreach (var binding in _byConnection.Values)
                if (string.Equals(binding.Room, room, StringComparison.Ordinal)) bindings.Add(binding);
            return bindings;
        }
    }

    /// <summary>Every connection whose participant is on <paramref name="nodeId"/>.</summary>
    public IReadOnlyList<ConnectionBinding> OnNode(string nodeId)
    {
        lock (_gate)
        {
            var bindings = new List<ConnectionBinding>();
            foreach (var binding in _byConnection.Values)
                if (string.Equals(binding.NodeId, nodeId, StringComparison.Ordinal)) bindings.Add(binding);
            return bindings;
        }
    }

    /// <summary>Every connection taking part without media (over HLS).</summary>
    public IReadOnlyList<ConnectionBinding> OverHls()
    {
        lock (_gate)
        {
            var bindings = new List<ConnectionBinding>();
            foreach (var binding in _byConnection.Values)
                if (binding.OverHls) bindings.Add(binding);
            return bindings;
        }
    }

    public int Count
    {
        get { lock (_gate) return _byConnection.Count; }
    }

    /// <summary>Those taking part over HLS cost signaling alone: counted here, where their bindings live.</summary>
    private static void Counted(ConnectionBinding binding, int change)
    {
        if (binding.OverHls) AudienceMetrics.Members.Inc(change);
    }

    private void RemoveIndex(ConnectionBinding binding)
    {
        var key = (binding.Room, binding.ParticipantId);
        if (_byParticipant.TryGetValue(key, out string? current) && current == binding.ConnectionId) _byParticipant.Remove(key);
    }
}
