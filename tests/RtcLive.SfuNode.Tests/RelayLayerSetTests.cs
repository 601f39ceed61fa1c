using RtcLive.Relay.Layers;
using RtcLive.Sfu.Forwarding;

namespace RtcLive.SfuNode.Tests;

/// <summary>The bookkeeping of which simulcast layers a relay link pulls: what subscribers want, and the hold-down.</summary>
public sealed class RelayLayerSetTests
{
    private const int Q = 1, H = 2, F = 4;

    [Fact]
    public void A_wanted_layer_is_added_at_once_and_dropped_only_after_the_hold_down()
    {
        var set = new RelayLayerSet(holdDownMs: 3000);
        Assert.True(set.Update(Q, 0));
        Assert.Equal(Q, set.Pulled);

        Assert.True(set.Update(Q | F, 100));
        Assert.Equal(Q | F, set.Pulled);
        Assert.Equal(2, set.Count);

        // Nobody wants f any more: it stays until 3 s after it was last wanted.
        Assert.False(set.Update(Q, 200));
        Assert.False(set.Update(Q, 3099));
        Assert.Equal(Q | F, set.Pulled);
        Assert.True(set.Update(Q, 3100));
        Assert.Equal(Q, set.Pulled);
    }

    [Fact]
    public void A_layer_wanted_again_within_the_hold_down_never_leaves()
    {
        var set = new RelayLayerSet(holdDownMs: 3000);
        set.Update(Q | H, 0);
        for (long now = 500; now < 20_000; now += 1000)
        {
            // A subscriber flapping between q and h every second: the link keeps both and never re-adds.
            Assert.False(set.Update(now % 2000 == 500 ? Q : Q | H, now));
            Assert.Equal(Q | H, set.Pulled);
        }
    }

    [Fact]
    public void Nothing_wanted_empties_the_set_after_the_hold_down()
    {
        var set = new RelayLayerSet(holdDownMs: 1000);
        set.Update(Q | H | F, 0);
        set.Update(0, 500);
        Assert.Equal(Q | H | F, set.Pulled);
        Assert.True(set.Update(0, 1000));
        Assert.Equal(0, set.Pulled);
    }

    [Fact]
    public void A_mask_beyond_three_layers_is_refused()
    {
        var set = new RelayLayerSet();
        Assert.Throws<ArgumentOutOfRangeException>(() => set.Update(8, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RelayLayerSet(-1));
    }

    [Fact]
    public void Manual_choices_want_their_layer_capped_by_what_the_track_has()
    {
        var bitrates = new RelayLayerBitrates();
        RelayLayerWish[] twoAtQ = [Manual(0), Manual(0)];
        Assert.Equal(Q, RelayLayerDemand.Wanted(twoAtQ, bitrates, 3));

        RelayLayerWish[] oneAtF = [Manual(0), Manual(2)];
        Assert.Equal(Q | F, RelayLayerDemand.Wanted(oneAtF, bitrates, 3));

        // A two-layer track has no f: the best it has instead.
        Assert.Equal(Q | H, RelayLayerDemand.Wanted(oneAtF, bitrates, 2));

        // A max layer (the rendered size) caps a manual choice.
        RelayLayerWish[] capped = [new(new SimulcastPreference(ManualLayer: 2, MaxLayer: 1), 0, -1)];
        Assert.Equal(H, RelayLayerDemand.Wanted(capped, bitrates, 3));
    }

    [Fact]
    public void The_layer_being_received_stays_wanted_until_the_switch_and_paused_subscribers_want_nothing()
    {
        var bitrates = new RelayLayerBitrates();
        RelayLayerWish[] switching = [new(new SimulcastPreference(ManualLayer: 2), 0, CurrentLayer: 0)];
        Assert.Equal(Q | F, RelayLayerDemand.Wanted(switching, bitrates, 3));

        RelayLayerWish[] paused = [new(new SimulcastPreference(ManualLayer: 2), 0, CurrentLayer: 0, Paused: true)];
        Assert.Equal(0, RelayLayerDemand.Wanted(paused, bitrates, 3));
        Assert.Equal(0, RelayLayerDemand.Wanted([], bitrates, 3));
    }

    [Fact]
    public void Automatic_choice_takes_what_fits_the_estimate_with_measured_or_guessed_bitrates()
    {
        var bitrates = new RelayLayerBitrates();
        RelayLayerWish[] rich = [Auto(10_000_000)];
        // Nothing measured yet: the lowest layer, the floor.
        Assert.Equal(Q, RelayLayerDemand.Wanted(rich, bitrates, 3));

        bitrates.Observe(0, 150_000);
        // h guessed at 450 kbit/s, f at 1.35 Mbit/s: a 10 Mbit/s subscriber asks for f, a 700 kbit/s one for h.
        Assert.Equal(450_000, bitrates.Get(1));
        Assert.Equal(F, RelayLayerDemand.Wanted(rich, bitrates, 3));
        Assert.Equal(H, RelayLayerDemand.Wanted([Auto(700_000)], bitrates, 3));
        Assert.Equal(Q, RelayLayerDemand.Wanted([Auto(300_000)], bitrates, 3));

        // f measured at 2.5 Mbit/s once pulled: a 2 Mbit/s subscriber no longer asks for it.
        bitrates.Observe(2, 2_500_000);
        Assert.Equal(H, RelayLayerDemand.Wanted([Auto(2_000_000)], bitrates, 3));
        // Not arriving (0) keeps the last measurement.
        bitrates.Observe(2, 0);
        Assert.Equal(2_500_000, bitrates.Get(2));
    }

    [Fact]
    public void A_relay_link_pulling_from_this_node_wants_the_layers_it_pulls()
    {
        var bitrates = new RelayLayerBitrates();
        RelayLayerWish[] wishes = [Manual(0), new(SimulcastPreference.Auto, 0, -1, RelayMask: H | F)];
        Assert.Equal(Q | H | F, RelayLayerDemand.Wanted(wishes, bitrates, 3));
    }

    private static RelayLayerWish Manual(int layer) => new(new SimulcastPreference(ManualLayer: layer), 1_000_000, -1);

    private static RelayLayerWish Auto(long estimate) => new(SimulcastPreference.Auto, estimate, -1);
}
