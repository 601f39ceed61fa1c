using RtcLive.Cluster.Tests;
using RtcLive.Signaling.Audience;
using RtcLive.Signaling.Tests.Audience;
using StackExchange.Redis;

namespace RtcLive.SfuNode.Tests;

/// <summary>The cluster's shared HLS audience (<see cref="RedisAudienceStore"/>) on a real redis-server: the store contract.</summary>
public sealed class RedisAudienceStoreTests(RedisServer redis) : AudienceStoreContract, IClassFixture<RedisServer>, IAsyncLifetime
{
    private ConnectionMultiplexer? _connection;

    public async Task InitializeAsync() => _connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);

    public async Task DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
    }

    protected override Task<IAudienceStore> CreateAsync(TimeProvider clock) =>
        Task.FromResult<IAudienceStore>(new RedisAudienceStore(_connection!, clock));
}
