using RtcLive.Signaling.Audience;

namespace RtcLive.Signaling.Tests.Audience;

public sealed class InMemoryAudienceStoreTests : AudienceStoreContract
{
    protected override Task<IAudienceStore> CreateAsync(TimeProvider clock) => Task.FromResult<IAudienceStore>(new InMemoryAudienceStore(clock));
}
