using RtcLive.Sfu.Rooms;
using RtcLive.Sfu.Tests.Rooms;
using RtcLive.WebRtc.Client;
using Xunit.Abstractions;

namespace RtcLive.Sfu.Tests.Footprint;

/// <summary>
/// What one viewer costs the node in managed memory it keeps: a room with a simulcast presenter (video and audio),
/// then viewers joined and their subscriptions answered (session, consumers, rewriters and histories, bandwidth
/// estimator, transport), measured as the heap after full collections, before and after, over the viewers added.
/// The load benchmark measured 510–950 KiB of RSS per subscriber while these structures were sized for the busiest
/// path up front (about 270 KiB of them per viewer); the bound keeps them from growing back.
/// </summary>
[Collection(FootprintCollection.Name)]
public sealed class SubscriberFootprintTests(ITestOutputHelper output)
{
    private const int Viewers = 100;
    private const int Rounds = 3;

    /// <summary>
    /// Retained bytes per viewer the node may keep: 30.3 KiB measured when this test was written; 43.8 KiB with a
    /// packet buffer per consumer and a 512-entry history on audio; 237 KiB with the estimator rings at their old
    /// fixed sizes.
    /// </summary>
    private const long BoundBytesPerViewer = 40 * 1024;

    [Fact]
    public async Task A_viewer_costs_the_node_less_than_the_bound_in_retained_managed_memory()
    {
        await SfuTestRig.WarmUpAsync();
        using var rig = new SfuTestRig();
        var presenter = rig.Room.Join("presenter", "Presenter", ParticipantRole.Presenter);
        await rig.PublishAsync(presenter, simulcast: true);

        // One client peer's answer serves every viewer: the node builds the same m-lines for each, and a transport
        // that never connects still holds everything a session allocates up front (DTLS and SRTP come on connect).
        using var answerer = new ClientPeer();
        string? answer = null;
        var held = new List<Participant>();
        void AddViewers(int count)
        {
            for (int i = 0; i < count; i++)
            {
                var viewer = rig.Room.Join($"viewer-{held.Count}", "Viewer", ParticipantRole.Viewer);
                var offer = rig.NextOffer(viewer.Id);
                answer ??= answerer.AcceptOffer(offer.Sdp);
                rig.Room.AnswerSubscription(viewer, answer);
                held.Add(viewer);
            }
        }

        AddViewers(10); // first use: JIT, static tables, dictionaries growing
        // The heap is the whole process's: whatever other tests left running (timers, threads ending) can land
        // between two readings and only ever adds. The least of a few rounds is what the viewers themselves keep.
        long perViewer = long.MaxValue;
        for (int round = 0; round < Rounds; round++)
        {
            long before = RetainedBytes();
            AddViewers(Viewers);
            long after = RetainedBytes();
            output.WriteLine($"round {round}: {(after - before) / Viewers:N0} bytes per viewer over {Viewers} viewers");
            perViewer = Math.Min(perViewer, (after - before) / Viewers);
        }
        output.WriteLine($"retained per viewer: {perViewer:N0} bytes ({perViewer / 1024.0:F1} KiB)");
        Assert.Equal(Rounds * Viewers + 10, held.Count(p => p.Subscriber.Consumers.Count == 2));
        Assert.True(perViewer < BoundBytesPerViewer, $"a viewer keeps {perViewer:N0} bytes on the node (bound {BoundBytesPerViewer:N0})");
        GC.KeepAlive(held);
    }

    private static long RetainedBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
