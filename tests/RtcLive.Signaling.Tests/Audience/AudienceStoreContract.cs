using RtcLive.Signaling.Audience;

namespace RtcLive.Signaling.Tests.Audience;

/// <summary>
/// What every <see cref="IAudienceStore"/> does: members listed until removed by their own connection or until their
/// lease runs out, a newer connection of the same identity replacing an older one, refreshes that never bring back a
/// removed member. Run against the in-memory store here and against a real redis-server in the SfuNode tests.
/// </summary>
public abstract class AudienceStoreContract
{
    protected abstract Task<IAudienceStore> CreateAsync(TimeProvider clock);

    [Fact]
    public async Task The_list_forgets_members_whose_lease_runs_out_and_only_their_own_connection_removes_them()
    {
        var clock = new SettableClock(DateTimeOffset.UtcNow);
        var store = await CreateAsync(clock);
        string room = "lease-" + Guid.NewGuid().ToString("N");
        long now = clock.GetUtcNow().ToUnixTimeMilliseconds();

        Assert.Null(await store.AddAsync(room, new AudienceMember("bob", "Bob", "viewer", "c1", "sig-a", now + 30_000)));
        Assert.Null(await store.AddAsync(room, new AudienceMember("eve", "Eve", "viewer", "c2", "sig-b", now + 10_000)));
        Assert.Equal(["bob", "eve"], (await store.InRoomAsync(room)).Select(m => m.ParticipantId).Order());
        Assert.Equal(new AudienceMember("bob", "Bob", "viewer", "c1", "sig-a", now + 30_000), await store.FindAsync(room, "bob"));

        // Only the connection that holds the entry removes it; a newer connection of the same identity replaces it.
        Assert.False(await store.RemoveAsync(room, "bob", "someone-else"));
        var earlier = await store.AddAsync(room, new AudienceMember("bob", "Bob", "viewer", "c3", "sig-b", now + 30_000));
        Assert.Equal("c1", earlier?.ConnectionId);
        Assert.False(await store.RemoveAsync(room, "bob", "c1"));
        Assert.Equal("c3", (await store.FindAsync(room, "bob"))?.ConnectionId);

        // A refresh by a connection that no longer holds the entry does not keep it alive: eve's lease lapses.
        await store.RefreshAsync([(room, "eve", "not-c2")], now + 60_000);
        clock.Now = clock.Now.AddSeconds(20);
        Assert.Null(await store.FindAsync(room, "eve"));
        Assert.Equal(["bob"], (await store.InRoomAsync(room)).Select(m => m.ParticipantId));

        // Its own refresh keeps a member past its first lease; a removed one is never brought back by it.
        await store.RefreshAsync([(room, "bob", "c3")], now + 60_000);
        clock.Now = clock.Now.AddSeconds(20);
        Assert.Equal("c3", (await store.FindAsync(room, "bob"))?.ConnectionId);
        Assert.True(await store.RemoveAsync(room, "bob", "c3"));
        await store.RefreshAsync([(room, "bob", "c3")], now + 90_000);
        Assert.Null(await store.FindAsync(room, "bob"));

        await store.AddAsync(room, new AudienceMember("dan", "Dan", "viewer", "c4", "sig-a", now + 90_000));
        Assert.Single(await store.InRoomAsync(room));
        await store.ClearAsync(room);
        Assert.Empty(await store.InRoomAsync(room));
    }

    protected sealed class SettableClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
