using RtcLive.Sfu.Node;
using RtcLive.Sfu.Rooms;
using RtcLive.Sfu.Tests.Rooms;
using RtcLive.WebRtc.Client;

namespace RtcLive.Sfu.Tests.Floods;

/// <summary>
/// A class in progress on a real node: a presenter's client peer sends 30 frames a second (a keyframe every 2 s) and a
/// viewer's client peer receives them over real UDP, ICE, DTLS and SRTP, for as long as the test floods the port.
/// </summary>
internal sealed class LiveClass : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Thread? _pump;
    private long _framesSent;

    private LiveClass(SfuTestRig rig) => Rig = rig;

    public SfuTestRig Rig { get; }

    public SfuNode Node => Rig.Node;

    public Participant Presenter { get; private set; } = null!;

    public ReceivedVideo Viewer { get; } = new();

    public long FramesSent => Interlocked.Read(ref _framesSent);

    public static async Task<LiveClass> StartAsync()
    {
        await SfuTestRig.WarmUpAsync();
        var live = new LiveClass(new SfuTestRig());
        live.Presenter = live.Rig.Room.Join("presenter", "Presenter", ParticipantRole.Presenter);
        var viewer = live.Rig.Room.Join("viewer", "Viewer", ParticipantRole.Viewer);
        var (peer, video) = await live.Rig.PublishAsync(live.Presenter, simulcast: false);
        await live.Rig.SubscribeAsync(viewer, live.Viewer);
        live.StartPump(new SyntheticVp8Sender(peer, video));
        Assert.True(await live.Viewer.WaitUntilAsync(v => v.Count >= 10, TimeSpan.FromSeconds(10)), "the class never started");
        return live;
    }

    private void StartPump(SyntheticVp8Sender sender)
    {
        // A thread of its own: a flood keeps the thread pool busy, and a camera does not wait for the pool either.
        _pump = new Thread(() =>
        {
            int frame = 0;
            while (!_stop.IsCancellationRequested)
            {
                sender.SendFrame(0, frame, keyframe: frame % 60 == 0);
                frame++;
                Interlocked.Increment(ref _framesSent);
                Thread.Sleep(33);
            }
        }) { IsBackground = true, Name = "camera" };
        _pump.Start();
    }

    /// <summary>A viewer joining now: joins, answers the node's offer, connects, and receives <paramref name="video"/>.</summary>
    public async Task JoinViewerAsync(string id, ReceivedVideo video)
    {
        var viewer = Rig.Room.Join(id, id, ParticipantRole.Viewer);
        await Rig.SubscribeAsync(viewer, video);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        if (_pump is { } pump) await Task.Run(() => pump.Join(TimeSpan.FromSeconds(2)));
        Rig.Dispose();
        _stop.Dispose();
    }
}
