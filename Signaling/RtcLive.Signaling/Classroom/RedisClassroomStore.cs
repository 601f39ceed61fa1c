using System.Text.Json;
using Microsoft.Extensions.Options;
using RtcLive.Signaling.Auth;
using StackExchange.Redis;

namespace RtcLive.Signaling.Classroom;

/// <summary>
/// <see cref="IClassroomStore"/> on Redis, shared by every signaling instance of a cluster: per room a sorted set
/// of hands (ordered by a counter, so by the order raised), a capped list of chat messages, a hash of granted
/// roles, a set of removed identities and the end time. Every write refreshes the room's keys' expiry, so rooms
/// nobody uses any more disappear on their own.
/// </summary>
public sealed class RedisClassroomStore(IConnectionMultiplexer redis, IOptions<ClassroomOptions> options) : IClassroomStore
{
    private static readonly TimeSpan RoomLifetime = TimeSpan.FromHours(24);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ClassroomOptions _options = options.Value;

    private IDatabase Db => redis.GetDatabase();

    private static string Key(string room, string part) => $"rtclive:room:{{{room}}}:{part}";

    public async Task<RaisedHand?> RaiseHandAsync(string room, string participantId, long at, CancellationToken ct = default)
    {
        var db = Db;
        long order = await db.StringIncrementAsync(Key(room, "handseq")).WaitAsync(ct);
        if (!await db.SortedSetAddAsync(Key(room, "hands"), participantId, order, SortedSetWhen.NotExists).WaitAsync(ct)) return null;
        await db.HashSetAsync(Key(room, "handat"), participantId, at).WaitAsync(ct);
        await TouchAsync(db, room, "hands", "handat", "handseq");
        return new RaisedHand(participantId, at);
    }

    public async Task<bool> LowerHandAsync(string room, string participantId, CancellationToken ct = default)
    {
        var db = Db;
        bool removed = await db.SortedSetRemoveAsync(Key(room, "hands"), participantId).WaitAsync(ct);
        await db.HashDeleteAsync(Key(room, "handat"), participantId).WaitAsync(ct);
        return removed;
    }

    public async Task<IReadOnlyList<RaisedHand>> HandsAsync(string room, CancellationToken ct = default)
    {
        var db = Db;
        var ids = await db.SortedSetRangeByRankAsync(Key(room, "hands")).WaitAsync(ct);
        if (ids.Length == 0) return [];
        var ats = await db.HashGetAsync(Key(room, "handat"), ids).WaitAsync(ct);
        var hands = new List<RaisedHand>(ids.Length);
        for (int i = 0; i < ids.Length; i++) hands.Add(new RaisedHand((string)ids[i]!, ats[i].TryParse(out long at) ? at : 0));
        return hands;
    }

    public async Task<ChatMessage> AddChatAsync(string room, string participantId, string from, string text, long at, CancellationToken ct = default)
    {
        var db = Db;
        long id = await db.StringIncrementAsync(Key(room, "chatseq")).WaitAsync(ct);
        var message = new ChatMessage(id, participantId, from, text, at);
        await db.ListRightPushAsync(Key(room, "chat"), JsonSerializer.Serialize(message, Json)).WaitAsync(ct);
        await db.ListTrimAsync(Key(room, "chat"), -Math.Max(1, _options.ChatHistory), -1).WaitAsync(ct);
        await TouchAsync(db, room, "chat", "chatseq");
        return message;
    }

    public async Task<IReadOnlyList<ChatMessage>> ChatAsync(string room, CancellationToken ct = default)
    {
        var values = await Db.ListRangeAsync(Key(room, "chat")).WaitAsync(ct);
        var messages = new List<ChatMessage>(values.Length);
        foreach (var value in values)
            if (!value.IsNullOrEmpty && JsonSerializer.Deserialize<ChatMessage>((string)value!, Json) is { } message) messages.Add(message);
        return messages;
    }

    public async Task<RoomRole?> GrantedRoleAsync(string room, string participantId, CancellationToken ct = default)
    {
        var value = await Db.HashGetAsync(Key(room, "granted"), participantId).WaitAsync(ct);
        return value.IsNullOrEmpty || !RoomRoles.TryParse(value, out var role) ? null : role;
    }

    public async Task SetGrantedRoleAsync(string room, string participantId, RoomRole? role, CancellationToken ct = default)
    {
        var db = Db;
        if (role is { } granted) await db.HashSetAsync(Key(room, "granted"), participantId, granted.ToName()).WaitAsync(ct);
        else await db.HashDeleteAsync(Key(room, "granted"), participantId).WaitAsync(ct);
        await TouchAsync(db, room, "granted");
    }

    public async Task RemoveAsync(string room, string participantId, CancellationToken ct = default)
    {
        var db = Db;
        await db.SetAddAsync(Key(room, "removed"), participantId).WaitAsync(ct);
        await LowerHandAsync(room, participantId, ct);
        await db.HashDeleteAsync(Key(room, "granted"), participantId).WaitAsync(ct);
        await TouchAsync(db, room, "removed");
    }

    public async Task<bool> IsRemovedAsync(string room, string participantId, CancellationToken ct = default) =>
        await Db.SetContainsAsync(Key(room, "removed"), participantId).WaitAsync(ct);

    public async Task EndAsync(string room, long at, CancellationToken ct = default)
    {
        var db = Db;
        await db.StringSetAsync(Key(room, "ended"), at).WaitAsync(ct);
        await db.KeyDeleteAsync([Key(room, "hands"), Key(room, "handat"), Key(room, "granted")]).WaitAsync(ct);
        await TouchAsync(db, room, "ended");
    }

    public async Task<long?> EndedAtAsync(string room, CancellationToken ct = default)
    {
        var value = await Db.StringGetAsync(Key(room, "ended")).WaitAsync(ct);
        return value.TryParse(out long at) ? at : null;
    }

    private static async Task TouchAsync(IDatabase db, string room, params string[] parts)
    {
        foreach (string part in parts) await db.KeyExpireAsync(Key(room, part), RoomLifetime);
    }
}
