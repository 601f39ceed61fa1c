using RtcLive.Sfu.Forwarding;

namespace RtcLive.Sfu.Tests.Forwarding;

/// <summary>
/// A subscriber's path in an outage (<see cref="SimulcastSelector.SetPathOutage"/>): automatic choice neither drops
/// nor climbs while nothing comes back, and an upgrade waits for a full hold of good estimates after it.
/// </summary>
public class SimulcastSelectorOutageTests
{
    private const int Q = 0, H = 1, F = 2;
    private const long QBitrate = 150_000, HBitrate = 500_000, FBitrate = 1_500_000;
    private const long FitsH = 600_000, FitsF = 2_000_000, FitsQ = 200_000;

    private readonly SimulcastSelector _selector = new();
    private long _now;

    public SimulcastSelectorOutageTests()
    {
        _selector.SetLayerBitrate(Q, QBitrate, 0);
        _selector.SetLayerBitrate(H, HBitrate, 0);
        _selector.SetLayerBitrate(F, FBitrate, 0);
        for (int layer = 0; layer < 3; layer++)
            _selector.SetLayerActive(layer, true, 0);
        _selector.SetBandwidthEstimate(FitsH, 0);
        Run(FitsH, 10);
        Assert.Equal(H, _selector.CurrentLayer);
    }

    private void Run(long estimate, long durationMs)
    {
        long end = _now + durationMs;
        while (_now < end)
        {
            _now += 10;
            _selector.SetBandwidthEstimate(estimate, _now);
            for (int layer = 0; layer < 3; layer++)
                _selector.OnPacket(layer, isKeyframe: true, _now);
        }
    }

    [Fact]
    public void During_an_outage_a_falling_estimate_does_not_move_the_subscriber_down()
    {
        _selector.SetPathOutage(true, _now);
        Run(FitsQ, 3_000);
        Assert.Equal(H, _selector.TargetLayer);
        Assert.Equal(H, _selector.CurrentLayer);
        Assert.Equal(0, _selector.SwitchCount);

        // Once the path is back, the estimate counts again.
        _selector.SetPathOutage(false, _now);
        Run(FitsQ, 10);
        Assert.Equal(Q, _selector.CurrentLayer);
    }

    [Fact]
    public void During_an_outage_no_upgrade_happens_and_after_it_the_upgrade_waits_a_full_hold()
    {
        _selector.SetPathOutage(true, _now);
        Run(FitsF, 5_000);
        Assert.Equal(H, _selector.CurrentLayer);

        _selector.SetPathOutage(false, _now);
        long back = _now;
        while (_selector.CurrentLayer != F)
        {
            Assert.True(_now - back < 10_000, "never moved up to f after the outage");
            Run(FitsF, 10);
        }
        Assert.True(_now - back >= SimulcastSelector.UpgradeHoldMs, $"moved up {_now - back} ms after the outage ended");
    }

    [Fact]
    public void An_outage_does_not_count_against_an_upgrade_on_trial()
    {
        Run(FitsF, SimulcastSelector.UpgradeHoldMs + 100);
        Assert.Equal(F, _selector.CurrentLayer);
        _selector.SetPathOutage(true, _now);
        Run(FitsH, 3_000); // whatever the estimate says meanwhile (a REMB from before, say)
        Assert.Equal(F, _selector.CurrentLayer);
        Assert.Equal(0, _selector.FailedUpgradeCount);
        // Back, with the estimate it had before (the estimator froze it): the upgrade stands, no failure counted.
        _selector.SetBandwidthEstimate(FitsF, _now);
        _selector.SetPathOutage(false, _now);
        Run(FitsF, 1_000);
        Assert.Equal(F, _selector.CurrentLayer);
        Assert.Equal(0, _selector.FailedUpgradeCount);
    }
}
