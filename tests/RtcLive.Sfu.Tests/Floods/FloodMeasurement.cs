using RtcLive.LoadTest.Flood;

namespace RtcLive.Sfu.Tests.Floods;

/// <summary>A flood's result with the snapshots around it, and the checks every flood must pass.</summary>
internal sealed record FloodMeasurement(FloodResult Result, FloodSnapshot Before, FloodSnapshot After)
{
    // Managed memory a flood may leave behind after a full collection: far below what one entry per datagram would cost.
    public const long ManagedGrowthLimit = 8 * 1024 * 1024;

    public double Seconds => Result.Elapsed.TotalSeconds;

    public long FramesSent => After.FramesSent - Before.FramesSent;

    public long FramesReceived => After.FramesReceived - Before.FramesReceived;

    public double ReadPerSecond => Seconds > 0 ? (After.Port.Received - Before.Port.Received) / Seconds : 0;

    public double ReceiveCpuSeconds => After.ReceiveCpuSeconds - Before.ReceiveCpuSeconds;

    public double ProcessCpuSeconds => After.ProcessCpuSeconds - Before.ProcessCpuSeconds;

    public long Dropped(Func<PortCounts, long> reason) => reason(After.Port) - reason(Before.Port);

    /// <summary>
    /// The viewer kept receiving: at least half of the frames sent during the flood arrived. Not a timing: on a saturated
    /// 2-core machine the kernel may drop some of the camera's packets with the flood's, but a class that stalled would
    /// receive none.
    /// </summary>
    public void AssertClassWentOn()
    {
        Assert.True(FramesSent > 0, "the camera sent during the flood");
        Assert.True(FramesReceived * 2 >= FramesSent, $"the viewer received {FramesReceived} of {FramesSent} frames during the flood");
    }

    /// <summary>The flood created no session, bound no address, and left no managed memory to speak of.</summary>
    public void AssertStateUnchanged()
    {
        Assert.Equal(Before.Sessions, After.Sessions);
        Assert.Equal(Before.BoundAddresses, After.BoundAddresses);
        Assert.InRange(After.ManagedBytes - Before.ManagedBytes, long.MinValue, ManagedGrowthLimit);
    }
}
