namespace RtcLive.Cluster.Tests;

public sealed class InMemoryClusterStoreTests : ClusterStoreContract
{
    private readonly ManualTime _time = new();

    protected override Task<IClusterStore> CreateAsync() => Task.FromResult<IClusterStore>(new InMemoryClusterStore(_time));

    protected override Task AdvanceAsync(TimeSpan by)
    {
        _time.Advance(by);
        return Task.CompletedTask;
    }

    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset _now = DateTimeOffset.UtcNow;

        public void Advance(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
