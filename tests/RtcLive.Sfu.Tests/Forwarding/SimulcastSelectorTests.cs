using RtcLive.Sfu.Forwarding;

namespace RtcLive.Sfu.Tests.Forwarding;

public class SimulcastSelectorTests
{
    private const int Q = 0, H = 1, F = 2;
    private const long QBitrate = 150_000, HBitrate = 500_000, FBitrate = 1_500_000;

    private static SimulcastSelector ThreeActiveLayers(long estimate, long nowMs = 0)
    {
        var selector = new SimulcastSelector();
        selector.SetLayerBitrate(Q, QBitrate, nowMs);
        selector.SetLayerBitrate(H, HBitrate, nowMs);
        selector.SetLayerBitrate(F, FBitrate, nowMs);
        for (int layer = 0; layer < 3; layer++)
            selector.SetLayerActive(layer, true, nowMs);
        selector.SetBandwidthEstimate(estimate, nowMs);
        return selector;
    }

    /// <summary>Feeds a keyframe of <paramref name="layer"/> and checks it switched there.</summary>
    private static void SwitchOnKeyframe(SimulcastSelector selector, int layer, long nowMs)
    {
        Assert.Equal(new SimulcastDecision(Forward: true, LayerChanged: true), selector.OnPacket(layer, isKeyframe: true, nowMs));
        Assert.Equal(layer, selector.CurrentLayer);
    }

    [Fact]
    public void Without_an_estimate_it_starts_on_the_lowest_layer_once_its_keyframe_arrives()
    {
        var selector = ThreeActiveLayers(estimate: 0);
        Assert.Equal(Q, selector.TargetLayer);
        Assert.Equal(-1, selector.CurrentLayer);
        Assert.True(selector.NeedsKeyframe(out int wanted));
        Assert.Equal(Q, wanted);

        Assert.Equal(SimulcastDecision.Drop, selector.OnPacket(Q, isKeyframe: false, 10));
        Assert.Equal(SimulcastDecision.Drop, selector.OnPacket(F, isKeyframe: true, 11));
        SwitchOnKeyframe(selector, Q, 12);
        Assert.Equal(new SimulcastDecision(true, false), selector.OnPacket(Q, isKeyframe: false, 13));
        Assert.False(selector.NeedsKeyframe(out _));
        Assert.Equal(0, selector.SwitchCount); // starting is not a switch
    }

    [Fact]
    public void With_room_from_the_start_it_takes_the_highest_layer_that_fits_with_headroom()
    {
        Assert.Equal(F, ThreeActiveLayers(estimate: 1_725_000).TargetLayer); // 1.5 M × 1.15
        Assert.Equal(H, ThreeActiveLayers(estimate: 1_724_999).TargetLayer);
        Assert.Equal(H, ThreeActiveLayers(estimate: 575_000).TargetLayer);
        Assert.Equal(Q, ThreeActiveLayers(estimate: 574_999).TargetLayer);
    }

    [Fact]
    public void Before_anything_is_forwarded_a_better_estimate_applies_at_once()
    {
        var selector = ThreeActiveLayers(estimate: 0);
        Assert.Equal(Q, selector.TargetLayer);
        selector.SetBandwidthEstimate(2_000_000, 10);
        Assert.Equal(F, selector.TargetLayer);
        SwitchOnKeyframe(selector, F, 20);
    }

    [Fact]
    public void It_upgrades_only_after_the_estimate_held_above_the_higher_layer_with_headroom_for_two_seconds()
    {
        var selector = ThreeActiveLayers(estimate: 600_000);
        SwitchOnKeyframe(selector, H, 0);

        selector.SetBandwidthEstimate(2_000_000, 1000);
        Assert.Equal(H, selector.TargetLayer);
        selector.SetBandwidthEstimate(1_900_000, 2000);
        Assert.Equal(new SimulcastDecision(false, false), selector.OnPacket(F, isKeyframe: true, 2999));
        Assert.Equal(H, selector.TargetLayer);
        Assert.False(selector.NeedsKeyframe(out _));

        Assert.Equal(new SimulcastDecision(true, false), selector.OnPacket(H, isKeyframe: false, 3000)); // 2 s held
        Assert.Equal(F, selector.TargetLayer);
        Assert.True(selector.NeedsKeyframe(out int wanted));
        Assert.Equal(F, wanted);
        Assert.Equal(H, selector.CurrentLayer);

        Assert.Equal(SimulcastDecision.Drop, selector.OnPacket(F, isKeyframe: false, 3010));
        Assert.Equal(new SimulcastDecision(true, false), selector.OnPacket(H, isKeyframe: false, 3011));
        SwitchOnKeyframe(selector, F, 3020);
        Assert.Equal(SimulcastDecision.Drop, selector.OnPacket(H, isKeyframe: false, 3021)); // the old layer, late
        Assert.Equal(1, selector.SwitchCount);
    }

    [Fact]
    public void A_dip_below_the_headroom_restarts_the_upgrade_hold()
    {
        var selector = ThreeActiveLayers(estimate: 600_000);
        SwitchOnKeyframe(selector, H, 0);
        selector.SetBandwidthEstimate(2_000_000, 1000);
        selector.SetBandwidthEstimate(1_700_000, 2500);  // above f's bitrate but inside the headroom
        selector.SetBandwidthEstimate(2_000_000, 2600);
        selector.OnPacket(H, false, 4599);
        Assert.Equal(H, selector.TargetLayer);
        selector.OnPacket(H, false, 4600);
        Assert.Equal(F, selector.TargetLayer);
    }

    [Fact]
    public void An_estimate_between_the_bitrate_and_the_headroom_neither_upgrades_nor_downgrades()
    {
        var selector = ThreeActiveLayers(estimate: 1_000_000);
        SwitchOnKeyframe(selector, H, 0);
        selector.SetBandwidthEstimate(1_600_000, 0);     // f fits, but not with headroom
        selector.OnPacket(H, false, 60_000);
        Assert.Equal(H, selector.TargetLayer);
        selector.SetBandwidthEstimate(520_000, 60_001);   // h still fits, without headroom
        Assert.Equal(H, selector.TargetLayer);
    }

    [Fact]
    public void It_downgrades_at_once_to_the_highest_layer_that_fits_with_headroom()
    {
        var selector = ThreeActiveLayers(estimate: 5_000_000);
        SwitchOnKeyframe(selector, F, 0);

        selector.SetBandwidthEstimate(1_499_999, 100);
        Assert.Equal(H, selector.TargetLayer);
        Assert.True(selector.NeedsKeyframe(out int wanted));
        Assert.Equal(H, wanted);
        Assert.Equal(new SimulcastDecision(true, false), selector.OnPacket(F, false, 101)); // f flows until h's keyframe
        SwitchOnKeyframe(selector, H, 150);

        selector.SetBandwidthEstimate(400_000, 200);
        Assert.Equal(Q, selector.TargetLayer);
        selector.SetBandwidthEstimate(100_000, 300);      // nothing fits: the lowest active layer
        Assert.Equal(Q, selector.TargetLayer);
        SwitchOnKeyframe(selector, Q, 310);
        Assert.Equal(2, selector.SwitchCount);
    }

    [Fact]
    public void A_target_that_changes_back_before_its_keyframe_needs_no_switch()
    {
        var selector = ThreeActiveLayers(estimate: 600_000);
        SwitchOnKeyframe(selector, H, 0);
        selector.SetBandwidthEstimate(300_000, 10);
        Assert.True(selector.NeedsKeyframe(out _));
        selector.SetPreference(new SimulcastPreference(ManualLayer: H), 20);
        Assert.False(selector.NeedsKeyframe(out _));
        Assert.Equal(new SimulcastDecision(true, false), selector.OnPacket(H, isKeyframe: true, 30));
        Assert.Equal(SimulcastDecision.Drop, selector.OnPacket(Q, isKeyframe: true, 31));
        Assert.Equal(0, selector.SwitchCount);
    }

    [Fact]
    public void A_manual_layer_wins_over_the_estimate_and_auto_climbs_back_without_a_new_hold()
    {
        var selector = ThreeActiveLayers(estimate: 10_000_000);
        SwitchOnKeyframe(selector, F, 0);

        selector.SetPreference(new SimulcastPreference(ManualLayer: Q), 5000);
        Assert.Equal(Q, selector.TargetLayer);
        SwitchOnKeyframe(selector, Q, 5010);

        selector.SetBandwidthEstimate(50_000, 5020);       // far too little, but the choice is manual
        selector.SetPreference(new SimulcastPreference(ManualLayer: F), 5030);
        Assert.Equal(F, selector.TargetLayer);

        selector.SetBandwidthEstimate(10_000_000, 5040);
        selector.SetPreference(new SimulcastPreference(ManualLayer: Q), 5050);
        selector.OnPacket(Q, isKeyframe: true, 5060);
        selector.SetPreference(SimulcastPreference.Auto, 7040);   // the estimate has held for 2 s
        Assert.Equal(F, selector.TargetLayer);
    }

    [Fact]
    public void Auto_after_a_manual_choice_waits_out_the_hold_when_the_estimate_is_fresh()
    {
        var selector = ThreeActiveLayers(estimate: 200_000);
        selector.SetPreference(new SimulcastPreference(ManualLayer: Q), 0);
        SwitchOnKeyframe(selector, Q, 0);
        selector.SetBandwidthEstimate(10_000_000, 1000);
        selector.SetPreference(SimulcastPreference.Auto, 1500);
        Assert.Equal(Q, selector.TargetLayer);
        selector.OnPacket(Q, false, 3000);
        Assert.Equal(F, selector.TargetLayer);
    }

    [Fact]
    public void The_max_layer_caps_both_automatic_and_manual_choice()
    {
        var selector = ThreeActiveLayers(estimate: 10_000_000);
        selector.SetPreference(new SimulcastPreference(MaxLayer: H), 0);
        Assert.Equal(H, selector.TargetLayer);
        selector.OnPacket(H, false, 60_000);
        Assert.Equal(H, selector.TargetLayer);
        selector.SetPreference(new SimulcastPreference(ManualLayer: F, MaxLayer: Q), 60_001);
        Assert.Equal(Q, selector.TargetLayer);
    }

    [Fact]
    public void Paused_it_forwards_nothing_and_resuming_waits_for_a_keyframe()
    {
        var selector = ThreeActiveLayers(estimate: 600_000);
        SwitchOnKeyframe(selector, H, 0);

        selector.SetPaused(true, 100);
        Assert.True(selector.IsPaused);
        Assert.Equal(SimulcastDecision.Drop, selector.OnPacket(H, isKeyframe: false, 110));
        Assert.Equal(SimulcastDecision.Drop, selector.OnPacket(H, isKeyframe: true, 120));
        Assert.False(selector.NeedsKeyframe(out _));
        Assert.Equal((-1, -1), (selector.TargetLayer, selector.CurrentLayer));

        selector.SetPaused(false, 200);
        Assert.True(selector.NeedsKeyframe(out int wanted));
        Assert.Equal(H, wanted);
        Assert.Equal(SimulcastDecision.Drop, selector.OnPacket(H, isKeyframe: false, 210));
        SwitchOnKeyframe(selector, H, 220);   // LayerChanged: the caller restarts its rewriters
        Assert.Equal(0, selector.SwitchCount);
    }

    [Fact]
    public void When_the_current_layer_goes_inactive_it_switches_on_the_new_targets_keyframe()
    {
        var selector = ThreeActiveLayers(estimate: 10_000_000);
        SwitchOnKeyframe(selector, F, 0);

        selector.SetLayerActive(F, false, 100);   // the publisher dropped its top layer
        Assert.Equal(H, selector.TargetLayer);
        Assert.True(selector.NeedsKeyframe(out int wanted));
        Assert.Equal(H, wanted);
        SwitchOnKeyframe(selector, H, 180);

        selector.SetLayerActive(F, true, 1000);
        selector.OnPacket(H, false, 2999);
        Assert.Equal(H, selector.TargetLayer);
        selector.OnPacket(H, false, 3000);
        Assert.Equal(F, selector.TargetLayer);
    }

    [Fact]
    public void A_manual_layer_that_is_inactive_falls_back_to_the_next_active_one()
    {
        var selector = ThreeActiveLayers(estimate: 10_000_000);
        selector.SetLayerActive(H, false, 0);
        selector.SetPreference(new SimulcastPreference(ManualLayer: H), 0);
        Assert.Equal(Q, selector.TargetLayer);
        selector.SetLayerActive(Q, false, 0);
        Assert.Equal(F, selector.TargetLayer);   // above the choice, but video beats none
    }

    [Fact]
    public void With_no_active_layer_there_is_no_target_and_no_keyframe_request()
    {
        var selector = new SimulcastSelector();
        selector.SetBandwidthEstimate(10_000_000, 0);
        Assert.Equal(-1, selector.TargetLayer);
        Assert.False(selector.NeedsKeyframe(out _));
        Assert.Equal(SimulcastDecision.Drop, selector.OnPacket(Q, isKeyframe: true, 1));

        selector.SetLayerActive(H, true, 2);    // bitrate not measured yet: used only as the lowest active
        Assert.Equal(H, selector.TargetLayer);
    }

    [Fact]
    public void Switches_are_counted_q_to_f_to_h()
    {
        var selector = ThreeActiveLayers(estimate: 0);
        SwitchOnKeyframe(selector, Q, 0);
        selector.SetPreference(new SimulcastPreference(ManualLayer: F), 10);
        SwitchOnKeyframe(selector, F, 20);
        selector.SetPreference(new SimulcastPreference(ManualLayer: H), 30);
        Assert.Equal(new SimulcastDecision(true, false), selector.OnPacket(F, isKeyframe: false, 40));
        SwitchOnKeyframe(selector, H, 50);
        Assert.Equal(2, selector.SwitchCount);
    }

    [Fact]
    public void Inputs_are_kept_and_bad_layers_are_refused()
    {
        var selector = ThreeActiveLayers(estimate: 1234);
        Assert.Equal(1234, selector.BandwidthEstimate);
        Assert.Equal(HBitrate, selector.GetLayerBitrate(H));
        Assert.True(selector.IsLayerActive(F));
        selector.SetBandwidthEstimate(-5, 0);
        Assert.Equal(0, selector.BandwidthEstimate);

        Assert.Throws<ArgumentOutOfRangeException>(() => selector.OnPacket(3, true, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => selector.SetLayerActive(-1, true, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => selector.SetPreference(new SimulcastPreference(ManualLayer: 3), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => selector.SetPreference(new SimulcastPreference(MaxLayer: -1), 0));
    }
}
