using RtcLive.Sfu.Forwarding;

namespace RtcLive.Sfu.Tests.Forwarding;

/// <summary>
/// Back-off after a failed automatic upgrade (the 600 kbit/s cap case: the estimate creeps up on q, the
/// subscriber moves to h, the path cannot carry it, the estimate falls): the layer is held down for the
/// subscriber, longer after each failure, until the estimate rises clearly.
/// </summary>
public class SimulcastSelectorHoldDownTests
{
    private const int Q = 0, H = 1, F = 2;
    private const long QBitrate = 150_000, HBitrate = 500_000, FBitrate = 1_500_000;
    private const long OnQ = 450_000;        // fits q only (a jump from here to FitsH is no clear rise)
    private const long FitsH = 600_000;      // ≥ 500 k × 1.15, below f
    private const long Lossy = 450_000;      // below h's bitrate: h does not fit after all

    private readonly SimulcastSelector _selector = new();
    private long _now;

    public SimulcastSelectorHoldDownTests()
    {
        _selector.SetLayerBitrate(Q, QBitrate, 0);
        _selector.SetLayerBitrate(H, HBitrate, 0);
        _selector.SetLayerBitrate(F, FBitrate, 0);
        for (int layer = 0; layer < 3; layer++)
            _selector.SetLayerActive(layer, true, 0);
        _selector.SetBandwidthEstimate(OnQ, 0);
        Packet(Q, keyframe: true);
        Assert.Equal(Q, _selector.CurrentLayer);
    }

    /// <summary>Lets time pass with the estimate at <paramref name="estimate"/>, a q and an h packet every 10 ms
    /// (keyframes on both, so a switch happens as soon as the target moves).</summary>
    private void Run(long estimate, long durationMs)
    {
        long end = _now + durationMs;
        while (_now < end)
        {
            _now += 10;
            _selector.SetBandwidthEstimate(estimate, _now);
            Packet(Q, keyframe: true);
            Packet(H, keyframe: true);
        }
    }

    private void Packet(int layer, bool keyframe) => _selector.OnPacket(layer, keyframe, _now);

    /// <summary>Runs at <paramref name="estimate"/> until the forwarded layer becomes <paramref name="layer"/>; returns how long it took.</summary>
    private long RunUntilOn(int layer, long estimate, long limitMs)
    {
        long start = _now;
        while (_selector.CurrentLayer != layer)
        {
            Assert.True(_now - start < limitMs, $"not on layer {layer} within {limitMs} ms (on {_selector.CurrentLayer})");
            Run(estimate, 10);
        }
        return _now - start;
    }

    /// <summary>Upgrades to h, then the estimate falls: a failed upgrade. Returns to q.</summary>
    private void FailAnUpgrade()
    {
        RunUntilOn(H, FitsH, 200_000);
        Run(FitsH, 500);
        Run(Lossy, 10);
        Assert.Equal(Q, _selector.TargetLayer);
        RunUntilOn(Q, Lossy, 100);
    }

    [Fact]
    public void A_failed_upgrade_holds_the_layer_down_and_each_further_failure_doubles_the_hold()
    {
        long took = RunUntilOn(H, FitsH, 10_000);
        Assert.InRange(took, SimulcastSelector.UpgradeHoldMs, SimulcastSelector.UpgradeHoldMs + 50); // no hold before any failure
        Run(FitsH, 500);
        Run(Lossy, 10);
        long failedAt = _now;
        Assert.Equal(1, _selector.FailedUpgradeCount);
        Assert.True(_selector.IsHeldDown(H, _now));
        Assert.True(_selector.IsHeldDown(F, _now));   // what h could not carry, f cannot either
        Assert.False(_selector.IsHeldDown(Q, _now));
        Assert.Equal(failedAt + SimulcastSelector.InitialHoldDownMs, _selector.HeldDownUntil(H));

        // Back on q, the estimate recovers at once: the subscriber stays on q for the whole hold, then moves up.
        took = RunUntilOn(H, FitsH, 60_000);
        Assert.InRange(_now - failedAt, SimulcastSelector.InitialHoldDownMs, SimulcastSelector.InitialHoldDownMs + 50);

        // The second failure holds for twice as long, the third four times, and so on up to the maximum.
        long expected = SimulcastSelector.InitialHoldDownMs;
        for (int failure = 2; failure <= 6; failure++)
        {
            Run(FitsH, 500);
            Run(Lossy, 10);
            failedAt = _now;
            expected = Math.Min(expected * 2, SimulcastSelector.MaxHoldDownMs);
            Assert.Equal(failedAt + expected, _selector.HeldDownUntil(H));
            RunUntilOn(H, FitsH, 200_000);
            Assert.InRange(_now - failedAt, expected, expected + 50);
        }
        Assert.Equal(SimulcastSelector.MaxHoldDownMs, expected);
        Assert.Equal(6, _selector.FailedUpgradeCount);
    }

    [Fact]
    public void A_clear_rise_of_the_estimate_lifts_the_hold_and_forgets_the_failures()
    {
        FailAnUpgrade();
        FailAnUpgrade();
        long heldUntil = _selector.HeldDownUntil(H)!.Value;
        Assert.Equal(2 * SimulcastSelector.InitialHoldDownMs, heldUntil - _now, tolerance: 50);

        // The estimate creeping up as it does while nothing is lost (8 % a second), even far past the one that
        // failed, is not a clear rise: the hold stays...
        double creeping = Lossy;
        while (creeping < FitsH * 3 / 2)
        {
            creeping *= Math.Pow(1.08, 0.25);
            Run((long)creeping, 250);
        }
        Assert.True(_now < heldUntil, "the hold ran out while the estimate crept");
        Assert.Equal(Q, _selector.CurrentLayer);
        Assert.True(_selector.IsHeldDown(H, _now));
        // ...a jump to 1.5 × the lowest of the last seconds is: the hold is gone and the subscriber moves up at
        // once (h has fitted for seconds).
        Run(FitsH, 4000);
        Assert.True(_selector.IsHeldDown(H, _now));
        Run(FitsH * 3 / 2, 10);
        Assert.Null(_selector.HeldDownUntil(H));
        Assert.False(_selector.IsHeldDown(F, _now));
        Assert.Equal(H, _selector.CurrentLayer);

        // The failure count started over: the next failure of h holds it for the initial time again.
        RunUntilOn(H, FitsH, 10_000);
        Run(FitsH, 500);
        Run(Lossy, 10);
        Assert.Equal(_now + SimulcastSelector.InitialHoldDownMs, _selector.HeldDownUntil(H));
    }

    [Fact]
    public void An_upgrade_that_lasts_is_no_failure_and_forgets_earlier_ones()
    {
        FailAnUpgrade();
        RunUntilOn(H, FitsH, 20_000);
        Run(FitsH, SimulcastSelector.FailedUpgradeWindowMs + 100);
        Run(Lossy, 10);     // the path got worse much later: a plain downgrade
        Assert.Equal(Q, _selector.TargetLayer);
        Assert.Equal(1, _selector.FailedUpgradeCount);
        Assert.False(_selector.IsHeldDown(H, _now));
        Assert.Null(_selector.HeldDownUntil(H));    // the old hold ran out, and no new one
        RunUntilOn(Q, Lossy, 100);

        // Up again after the usual 2 s, and a failure now counts as the first again.
        long took = RunUntilOn(H, FitsH, 10_000);
        Assert.InRange(took, SimulcastSelector.UpgradeHoldMs, SimulcastSelector.UpgradeHoldMs + 50);
        Run(FitsH, 500);
        Run(Lossy, 10);
        Assert.Equal(_now + SimulcastSelector.InitialHoldDownMs, _selector.HeldDownUntil(H));
    }

    [Fact]
    public void A_manual_choice_is_not_held_down_and_a_manual_switch_is_no_upgrade_on_trial()
    {
        FailAnUpgrade();
        _selector.SetPreference(new SimulcastPreference(ManualLayer: H), _now);
        Assert.Equal(H, _selector.TargetLayer);
        RunUntilOn(H, Lossy, 100);
        Run(Lossy, 1000);
        Assert.Equal(H, _selector.CurrentLayer);
        Assert.Equal(1, _selector.FailedUpgradeCount);
    }
}
