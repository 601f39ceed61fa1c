using Microsoft.Extensions.Options;
using RtcLive.Signaling.Auth;

namespace RtcLive.Signaling.Classroom;

/// <summary>
/// <see cref="IClassroomStore"/> for one process (embedded mode). One lock for everything: these calls are a few
/// per participant action, never per packet. Memory is bounded: at most <see cref="ClassroomOptions.MaxRooms"/>
/// rooms, the least recently used dropped first, each with a bounded chat history.
/// </summary>
public sealed class InMemoryClassroomStore(IOptions<ClassroomOptions> options) : IClassroomStore
{
    private readonly ClassroomOptions _options = options.Value;
    private readonly object _gate = new();
    private readonly Dictionary<string, RoomState> _rooms = new(StringComparer.Ordinal);
    private long _clock;

    public Task<RaisedHand?> RaiseHandAsync(string room, string participantId, long at, CancellationToken ct = default) => Locked(room, state =>
    {
        if (state.Hands.ContainsKey(participantId)) return (RaisedHand?)null;
        var hand = new RaisedHand(participantId, at);
        state.Hands[participantId] = (hand, ++state.LastHandOrder);
        return hand;
    });

    public Task<bool> LowerHandAsync(string room, string participantId, CancellationToken ct = default) =>
        Locked(room, state => state.Hands.Remove(participantId));

    public Task<IReadOnlyList<RaisedHand>> HandsAsync(string room, CancellationToken ct = default) => Locked(room, state =>
    {
        // In the order raised, even within one millisecond.
        var hands = new List<(RaisedHand Hand, long Order)>(state.Hands.Values);
        hands.Sort((a, b) => a.Order.CompareTo(b.Order));
        return (IReadOnlyList<RaisedHand>)hands.ConvertAll(h => h.Hand);
    });

    public Task<ChatMessage> AddChatAsync(string room, string participantId, string from, string text, long at, CancellationToken ct = default) =>
        Locked(room, state =>
        {
            var message = new ChatMessage(++state.LastChatId, participantId, from, text, at);
            state.Chat.Enqueue(message);
            while (state.Chat.Count > Math.Max(0, _options.ChatHistory)) state.Chat.Dequeue();
            return message;
        });

    public Task<IReadOnlyList<ChatMessage>> ChatAsync(string room, CancellationToken ct = default) =>
        Locked(room, state => (IReadOnlyList<ChatMessage>)state.Chat.ToArray());

    public Task<RoomRole?> GrantedRoleAsync(string room, string participantId, CancellationToken ct = default) =>
        Locked(room, state => state.Granted.TryGetValue(participantId, out var role) ? role : (RoomRole?)null);

    public Task SetGrantedRoleAsync(string room, string participantId, RoomRole? role, CancellationToken ct = default) => Locked(room, state =>
    {
        if (role is { } granted) state.Granted[participantId] = granted;
        else state.Granted.Remove(participantId);
        return true;
    });

    public Task RemoveAsync(string room, string participantId, CancellationToken ct = default) => Locked(room, state =>
    {
        state.Removed.Add(participantId);
        state.Hands.Remove(participantId);
        state.Granted.Remove(participantId);
        return true;
    });

    public Task<bool> IsRemovedAsync(string room, string participantId, CancellationToken ct = default) =>
        Locked(room, state => state.Removed.Contains(participantId));

    public Task EndAsync(string room, long at, CancellationToken ct = default) => Locked(room, state =>
    {
        state.EndedAt = at;
        state.Hands.Clear();
        state.Granted.Clear();
        return true;
    });

    public Task<long?> EndedAtAsync(string room, CancellationToken ct = default) => Locked(room, state => state.EndedAt);

    private Task<T> Locked<T>(string room, Func<RoomState, T> action)
    {
        lock (_gate)
        {
            if (!_rooms.TryGetValue(room, out var state))
            {
                if (_rooms.Count >= Math.Max(1, _options.MaxRooms)) EvictLeastRecentlyUsed();
                state = new RoomState();
                _rooms[room] = state;
            }
            state.LastUsed = ++_clock;
            return Task.FromResult(action(state));
        }
    }

    private void EvictLeastRecentlyUsed()
    {
        string? oldest = null;
        long oldestUse = long.MaxValue;
        foreach (var (room, state) in _rooms)
        {
            if (state.LastUsed < oldestUse)
            {
                oldestUse = state.LastUsed;
                oldest = room;
            }
        }
        if (oldest is not null) _rooms.Remove(oldest);
    }

    private sealed class RoomState
    {
        public readonly Dictionary<string, (RaisedHand Hand, long Order)> Hands = new(StringComparer.Ordinal);
        public long LastHandOrder;
        public readonly Queue<ChatMessage> Chat = new();
        public readonly Dictionary<string, RoomRole> Granted = new(StringComparer.Ordinal);
        public readonly HashSet<string> Removed = new(StringComparer.Ordinal);
        public long LastChatId;
        public long? EndedAt;
        public long LastUsed;
    }
}
