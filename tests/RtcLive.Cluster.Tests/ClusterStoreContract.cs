namespace RtcLive.Cluster.Tests;

/// <summary>What every <see cref="IClusterStore"/> must do, run against each implementation.</summary>
public abstract class ClusterStoreContract
{
    protected abstract Task<IClusterStore> CreateAsync();

    /// <summary>Lets time pass for expiry (real time for Redis, a manual clock in memory).</summary>
    protected abstract Task AdvanceAsync(TimeSpan by);

    internal static NodeRecord Node(string id, string region = "eu", string[]? rooms = null, int participants = 0) => new(
        id, NodeKinds.Sfu, region, 1234, NodeStates.Active, "127.0.0.1:50000", $"http://127.0.0.1:9{id.Length}90", "127.0.0.1:51000", 100,
        new NodeLoad(participants, 0, 0, 0.1), rooms ?? [], [new TrackEntry("math", "t-" + id, "alice", "camera", "video", ["q", "h", "f"])],
        [new LinkEntry("math", "origin", id)], DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    [Fact]
    public async Task A_node_record_reads_back_whole_and_lapses_without_heartbeats()
    {
        var store = await CreateAsync();
        var written = Node("eu-1", rooms: ["math"]);
        await store.PutNodeAsync(written, TimeSpan.FromMilliseconds(1500));
        await store.PutNodeAsync(Node("us-1", "us"), TimeSpan.FromSeconds(30));

        var nodes = await store.NodesAsync();
        var read = Assert.Single(nodes, n => n.Id == "eu-1");
        Assert.Equal((written.Region, written.ControlUrl, written.Load, written.HeartbeatAtMs), (read.Region, read.ControlUrl, read.Load, read.HeartbeatAtMs));
        Assert.Equal(["math"], read.Rooms);
        Assert.Equal(["q", "h", "f"], Assert.Single(read.Tracks).Rids);
        Assert.Equal(new LinkEntry("math", "origin", "eu-1"), Assert.Single(read.Links));

        await AdvanceAsync(TimeSpan.FromMilliseconds(2000));
        Assert.Equal(["us-1"], (await store.NodesAsync()).Select(n => n.Id));
    }

    [Fact]
    public async Task A_node_removes_only_its_own_record()
    {
        var store = await CreateAsync();
        await store.PutNodeAsync(Node("eu-1"), TimeSpan.FromSeconds(30));
        await store.PutNodeAsync(Node("eu-2"), TimeSpan.FromSeconds(30));

        await store.RemoveNodeAsync("eu-1");

        Assert.Equal(["eu-2"], (await store.NodesAsync()).Select(n => n.Id));
    }

    [Fact]
    public async Task Published_messages_reach_subscribers_until_they_unsubscribe()
    {
        var store = await CreateAsync();
        var got = new List<string>();
        var subscription = await store.SubscribeAsync("rtclive:test", m => { lock (got) got.Add(m); });

        await store.PublishAsync("rtclive:test", "one");
        await store.PublishAsync("rtclive:other", "not for us");
        Assert.True(await WaitUntilAsync(() => { lock (got) return got.Count == 1; }));
        await subscription.DisposeAsync();
        await store.PublishAsync("rtclive:test", "two");
        await Task.Delay(200);
        lock (got) Assert.Equal(["one"], got);
    }

    [Fact]
    public async Task The_snapshot_answers_which_nodes_carry_a_room_and_where_tracks_come_from()
    {
        var store = await CreateAsync();
        await store.PutNodeAsync(Node("eu-1", rooms: ["math"]), TimeSpan.FromSeconds(30));
        await store.PutNodeAsync(Node("us-1", "us", rooms: ["math", "art"]), TimeSpan.FromSeconds(30));
        await store.PutNodeAsync(Node("us-2", "us", rooms: ["art"]), TimeSpan.FromSeconds(30));
        // An HLS worker transcoding the room carries none of it: relay planning must never pull from it.
        await store.PutNodeAsync(Node("hls-1", rooms: ["math"]) with { Kind = NodeKinds.Hls, Tracks = [], Links = [] }, TimeSpan.FromSeconds(30));

        var snapshot = new ClusterSnapshot(await store.NodesAsync());

        Assert.Equal(["eu-1", "us-1"], snapshot.NodesOfRoom("math").Select(n => n.Id).Order());
        Assert.Equal(["t-eu-1", "t-us-1", "t-us-2"], snapshot.TracksOfRoom("math").Select(t => t.Track.TrackId));
        Assert.Equal(3, snapshot.Links.Count);
        Assert.Equal("us", snapshot.Find("us-2")!.Region);
        Assert.Null(snapshot.Find("nope"));
    }

    protected static async Task<bool> WaitUntilAsync(Func<bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!done())
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(20);
        }
        return true;
    }
}
