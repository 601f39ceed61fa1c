using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace RtcLive.Cluster;

/// <summary>
/// <see cref="IClusterStore"/> on Redis: one key per node (<c>rtclive:node:{id}</c>, a JSON record with a TTL,
/// so a dead node's record expires on its own and nobody else ever deletes it) and Redis pub/sub. The
/// multiplexer reconnects by itself when Redis restarts; the next heartbeat writes the record again.
/// </summary>
public sealed class RedisClusterStore : IClusterStore, IAsyncDisposable
{
    public const string NodeKeyPrefix = "rtclive:node:";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly IConnectionMultiplexer _redis;
    private readonly ILogger _logger;

    private RedisClusterStore(IConnectionMultiplexer redis, ILogger logger)
    {
        _redis = redis;
        _logger = logger;
    }

    /// <param name="configuration">A StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6390</c>.</param>
    public static async Task<RedisClusterStore> ConnectAsync(string configuration, ILogger? logger = null) =>
        new(await ConnectionMultiplexer.ConnectAsync(Options(configuration)), logger ?? NullLogger.Instance);

    /// <summary>Blocks until connected or the connect timeout passes; for hosts wiring services at start.</summary>
    public static RedisClusterStore Connect(string configuration, ILogger? logger = null) =>
        new(ConnectionMultiplexer.Connect(Options(configuration)), logger ?? NullLogger.Instance);

    private static ConfigurationOptions Options(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        // Start even while Redis is down (it may be restarting): the multiplexer keeps retrying.
        options.AbortOnConnectFail = false;
        options.ConnectRetry = 3;
        options.ConnectTimeout = 2000;
        options.SyncTimeout = 2000;
        options.AsyncTimeout = 2000;
        return options;
    }

    public bool IsConnected => _redis.IsConnected;

    /// <summary>The connection, for other shared state of the same cluster (the classroom's) to use too.</summary>
    public IConnectionMultiplexer Multiplexer => _redis;

    public async Task PutNodeAsync(NodeRecord node, TimeSpan ttl, CancellationToken ct = default)
    {
        string json = JsonSerializer.Serialize(node, Json);
        await Database.StringSetAsync(NodeKeyPrefix + node.Id, json, ttl).WaitAsync(ct);
    }

    public async Task RemoveNodeAsync(string nodeId, CancellationToken ct = default) =>
        await Database.KeyDeleteAsync(NodeKeyPrefix + nodeId).WaitAsync(ct);

    public async Task<IReadOnlyList<NodeRecord>> NodesAsync(CancellationToken ct = default)
    {
        var keys = new List<RedisKey>();
        foreach (var endpoint in _redis.GetEndPoints())
        {
            var server = _redis.GetServer(endpoint);
            if (!server.IsConnected || server.IsReplica) continue;
            await foreach (var key in server.KeysAsync(pattern: NodeKeyPrefix + "*", pageSize: 250).WithCancellation(ct))
                keys.Add(key);
        }
        if (keys.Count == 0) return [];
        var values = await Database.StringGetAsync([.. keys]).WaitAsync(ct);
        var nodes = new List<NodeRecord>(values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i].IsNullOrEmpty) continue; // expired between the scan and the read
            try
            {
                if (JsonSerializer.Deserialize<NodeRecord>((string)values[i]!, Json) is { } node) nodes.Add(node);
            }
            catch (JsonException ex)
            {
                _logger.LogWarning("skipped an unreadable node record {Key}: {Reason}", (string?)keys[i], ex.Message);
            }
        }
        nodes.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return nodes;
    }

    public async Task PublishAsync(string channel, string message, CancellationToken ct = default) =>
        await _redis.GetSubscriber().PublishAsync(RedisChannel.Literal(channel), message).WaitAsync(ct);

    public async Task<IAsyncDisposable> SubscribeAsync(string channel, Action<string> handler, CancellationToken ct = default)
    {
        var subscriber = _redis.GetSubscriber();
        var redisChannel = RedisChannel.Literal(channel);
        Action<RedisChannel, RedisValue> callback = (_, value) =>
        {
            try
            {
                handler((string)value!);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "handler of channel {Channel} failed", channel);
            }
        };
        await subscriber.SubscribeAsync(redisChannel, callback).WaitAsync(ct);
        return new Subscription(subscriber, redisChannel, callback);
    }

    private IDatabase Database => _redis.GetDatabase();

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();

    private sealed class Subscription(ISubscriber subscriber, RedisChannel channel, Action<RedisChannel, RedisValue> callback) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await subscriber.UnsubscribeAsync(channel, callback);
    }
}
