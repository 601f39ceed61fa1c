using RtcLive.Sfu.Forwarding;

namespace RtcLive.Sfu.Tests.Forwarding;

/// <summary>
/// A keyframe lifts a layer's measured rate for up to a second; the viewers of that layer whose estimate fits its
/// steady rate stay on it (moving down would cost them a keyframe of the lower layer, and another to come back).
/// </summary>
public class SimulcastSelectorKeyframeBurstTests
{
    private const int Q = 0, H = 1, F = 2;
    private const long QBitrate = 150_000, HBitrate = 500_000, FBitrate = 1_500_000;
    private const long Estimate = 2_200_000; // fits f with the upgrade headroom, not f during a keyframe's second

    private readonly SimulcastSelector _selector = new();
    private long _now;

    public SimulcastSelectorKeyframeBurstTests()
    {
        for (int layer = 0; layer < 3; layer++)
            _selector.SetLayerActive(layer, true, 0);
        Run(FBitrate, 10_000);
        Assert.Equal(F, _selector.CurrentLayer);
    }

    /// <summary>Every 250 ms (as the consumer does) the layers' measured rates, f's being <paramref name="fRate"/>.</summary>
    private void Run(long fRate, long durationMs)
    {
        long end = _now + durationMs;
        while (_now < end)
        {
            _now += 10;
            if (_now % 250 == 0)
            {
                _selector.SetLayerBitrate(Q, QBitrate, _now);
                _selector.SetLayerBitrate(H, HBitrate, _now);
                _selector.SetLayerBitrate(F, fRate, _now);
            }
            _selector.SetBandwidthEstimate(Estimate, _now);
            for (int layer = 0; layer < 3; layer++)
                _selector.OnPacket(layer, isKeyframe: true, _now);
        }
    }

    [Fact]
    public void A_keyframe_second_on_the_layer_does_not_move_its_viewer_down()
    {
        long switches = _selector.SwitchCount;
        // A 120 KB keyframe in the meter's one-second window: f reads about 2.5 Mbit/s for a second.
        Run(FBitrate + 960_000, 1_000);
        Run(FBitrate, 3_000);
        Assert.Equal(F, _selector.CurrentLayer);
        Assert.Equal(switches, _selector.SwitchCount);
    }

    [Fact]
    public void A_rise_that_lasts_moves_the_viewer_down_within_a_few_seconds()
    {
        Run(FBitrate + 960_000, 3_000);
        Assert.Equal(H, _selector.TargetLayer);
    }
}
