using System.Text.Json;
using StackExchange.Redis;

namespace RtcLive.Signaling.Audience;

/// <summary>
/// <see cref="IAudienceStore"/> on Redis, shared by every signaling instance of a cluster. Per room three hashes
/// keyed by participant: the member (JSON), its connection, its expiry. Adding, removing and refreshing are Lua
/// scripts, so "remove it only if it is still this connection" cannot race with a new join of the same identity.
/// Members of an instance that died stop being listed at their expiry; the keys themselves expire with the room.
/// </summary>
public sealed class RedisAudienceStore(IConnectionMultiplexer redis, TimeProvider time) : IAudienceStore
{
    private static readonly TimeSpan RoomLifetime = TimeSpan.FromHours(24);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // KEYS: members, connections, expiries. ARGV: participant, member JSON, connection, expiry, lifetime s.
    private const string AddScript = """
        local old = redis.call('HGET', KEYS[1], ARGV[1])
        local oldExp = redis.call('HGET', KEYS[3], ARGV[1])
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
        redis.call('HSET', KEYS[3], ARGV[1], ARGV[4])
        for i = 1, 3 do redis.call('EXPIRE', KEYS[i], ARGV[5]) end
        if old then return {old, oldExp} end
        return {}
        """;

    // ARGV: participant, connection.
    private const string RemoveScript = """
        if redis.call('HGET', KEYS[2], ARGV[1]) == ARGV[2] then
          redis.call('HDEL', KEYS[1], ARGV[1])
          redis.call('HDEL', KEYS[2], ARGV[1])
          redis.call('HDEL', KEYS[3], ARGV[1])
          return 1
        end
        return 0
        """;

    // ARGV: expiry, lifetime s, then participant/connection pairs.
    private const string RefreshScript = """
        local n = 0
        for i = 3, #ARGV, 2 do
          if redis.call('HGET', KEYS[2], ARGV[i]) == ARGV[i + 1] then
            redis.call('HSET', KEYS[3], ARGV[i], ARGV[1])
            n = n + 1
          end
        end
        if n > 0 then for i = 1, 3 do redis.call('EXPIRE', KEYS[i], ARGV[2]) end end
        return n
        """;

    private IDatabase Db => redis.GetDatabase();

    private static RedisKey[] Keys(string room) =>
        [$"rtclive:room:{{{room}}}:audience", $"rtclive:room:{{{room}}}:audience-conn", $"rtclive:room:{{{room}}}:audience-exp"];

    public async Task<AudienceMember?> AddAsync(string room, AudienceMember member, CancellationToken ct = default)
    {
        var result = await Db.ScriptEvaluateAsync(AddScript, Keys(room),
        [
            member.ParticipantId, JsonSerializer.Serialize(member with { ExpiresAt = 0 }, Json), member.ConnectionId, member.ExpiresAt,
            (long)RoomLifetime.TotalSeconds,
        ]).WaitAsync(ct);
        var parts = (RedisResult[])result!;
        if (parts.Length < 2 || Read((string?)parts[0], (string?)parts[1]) is not { } earlier) return null;
        return earlier.ConnectionId != member.ConnectionId && Live(earlier) ? earlier : null;
    }

    public async Task<bool> RemoveAsync(string room, string participantId, string connectionId, CancellationToken ct = default) =>
        (long)(await Db.ScriptEvaluateAsync(RemoveScript, Keys(room), [participantId, connectionId]).WaitAsync(ct)) == 1;

    public async Task<AudienceMember?> FindAsync(string room, string participantId, CancellationToken ct = default)
    {
        var keys = Keys(room);
        var db = Db;
        var json = db.HashGetAsync(keys[0], participantId);
        var expiry = db.HashGetAsync(keys[2], participantId);
        await Task.WhenAll(json, expiry).WaitAsync(ct);
        return Read((string?)json.Result, (string?)expiry.Result) is { } member && Live(member) ? member : null;
    }

    public async Task<IReadOnlyList<AudienceMember>> InRoomAsync(string room, CancellationToken ct = default)
    {
        var keys = Keys(room);
        var db = Db;
        var members = db.HashGetAllAsync(keys[0]);
        var expiries = db.HashGetAllAsync(keys[2]);
        await Task.WhenAll(members, expiries).WaitAsync(ct);
        var expiryOf = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var entry in expiries.Result) expiryOf[(string)entry.Name!] = (string?)entry.Value;
        var live = new List<AudienceMember>(members.Result.Length);
        foreach (var entry in members.Result)
            if (Read((string?)entry.Value, expiryOf.GetValueOrDefault((string)entry.Name!)) is { } member && Live(member)) live.Add(member);
        return live;
    }

    public async Task RefreshAsync(IReadOnlyList<(string Room, string ParticipantId, string ConnectionId)> held, long expiresAt, CancellationToken ct = default)
    {
        var db = Db;
        foreach (var room in held.GroupBy(h => h.Room, StringComparer.Ordinal))
        {
            var args = new List<RedisValue> { expiresAt, (long)RoomLifetime.TotalSeconds };
            foreach (var (_, participantId, connectionId) in room)
            {
                args.Add(participantId);
                args.Add(connectionId);
            }
            await db.ScriptEvaluateAsync(RefreshScript, Keys(room.Key), [.. args]).WaitAsync(ct);
        }
    }

    public async Task ClearAsync(string room, CancellationToken ct = default) => await Db.KeyDeleteAsync(Keys(room)).WaitAsync(ct);

    private static AudienceMember? Read(string? json, string? expiry)
    {
        if (string.IsNullOrEmpty(json) || JsonSerializer.Deserialize<AudienceMember>(json, Json) is not { } member) return null;
        return member with { ExpiresAt = long.TryParse(expiry, out long at) ? at : 0 };
    }

    private bool Live(AudienceMember member) => member.ExpiresAt > time.GetUtcNow().ToUnixTimeMilliseconds();
}
