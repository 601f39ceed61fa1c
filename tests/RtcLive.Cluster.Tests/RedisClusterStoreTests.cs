namespace RtcLive.Cluster.Tests;

/// <summary>The contract against a real redis-server, plus what only Redis can do: restart under a running store.</summary>
public sealed class RedisClusterStoreTests(RedisServer redis) : ClusterStoreContract, IClassFixture<RedisServer>, IAsyncLifetime
{
    private readonly List<RedisClusterStore> _stores = [];

    protected override async Task<IClusterStore> CreateAsync()
    {
        var store = await RedisClusterStore.ConnectAsync(redis.Configuration);
        _stores.Add(store);
        // Each test starts from an empty registry (the fixture's server is shared by the class).
        foreach (var node in await store.NodesAsync()) await store.RemoveNodeAsync(node.Id);
        return store;
    }

    protected override Task AdvanceAsync(TimeSpan by) => Task.Delay(by);

    [Fact]
    public async Task A_store_outlives_a_redis_restart_and_writes_again()
    {
        var store = (RedisClusterStore)await CreateAsync();
        await store.PutNodeAsync(Node("eu-1"), TimeSpan.FromSeconds(30));

        await redis.KillAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => store.PutNodeAsync(Node("eu-1"), TimeSpan.FromSeconds(30)));
        await redis.StartAsync();

        // The next heartbeats succeed once the multiplexer has reconnected; the restarted server lost everything.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            try
            {
                await store.PutNodeAsync(Node("eu-1"), TimeSpan.FromSeconds(30));
                break;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
        Assert.Equal(["eu-1"], (await store.NodesAsync()).Select(n => n.Id));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores) await store.DisposeAsync();
    }
}
