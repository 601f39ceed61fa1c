using RtcLive.Sfu.Feedback;
using RtcLive.Sfu.Forwarding;
using Xunit.Abstractions;

namespace RtcLive.Sfu.Tests.Feedback;

/// <summary>
/// The dead-path case closed-loop, without sockets: the node sends a subscriber the layer its
/// <see cref="SimulcastSelector"/> picks from the <see cref="BandwidthEstimator"/>'s estimate over a clean 20 ms path;
/// the subscriber (a real <see cref="TransportCcFeedbackBuilder"/>, which reports the numbers it missed as libwebrtc's
/// receiver does) returns transport-cc feedback every 100 ms. Once the subscriber is on f, the path drops everything
/// both ways for 3 s, then carries again. Time is simulated: every figure is decided by the code, none by the machine.
/// </summary>
public sealed class DeadPathLayerChoiceTests(ITestOutputHelper output)
{
    private const long PropagationMicroseconds = 20_000;
    private const long OutageStart = 12_000_000;
    private const long OutageEnd = 15_000_000;

    [Fact]
    public void A_three_second_outage_keeps_the_layer_and_the_estimate_and_nothing_flaps_after_it()
    {
        var run = Run(TimeSpan.FromSeconds(60));
        output.WriteLine(run.ToString());

        Assert.Equal(2, run.LayerBeforeOutage);
        Assert.True(run.SawOutage, "the estimator never called the dead path an outage");
        Assert.True(run.SelectorHeldDuringOutage, "the selector was never told of the outage");
        Assert.Equal(1, run.Outages);
        // The subscriber's feedback did report what was sent into the dead path as lost; left out, it cut nothing.
        Assert.True(run.LossesIgnored > 100, $"only {run.LossesIgnored} losses from the outage were reported");
        Assert.True(run.EstimateAfterOutage >= run.EstimateBeforeOutage,
            $"the estimate fell from {run.EstimateBeforeOutage} to {run.EstimateAfterOutage} across the outage");
        // The layer the subscriber had is the one it keeps: no switch from the outage to the end, f all along.
        Assert.Equal(run.SwitchesBeforeOutage, run.SwitchesAtEnd);
        Assert.Equal("", run.TargetChangesFromOutage);
        Assert.Equal(2, run.LayerAtEnd);
    }

    [Fact]
    public void Loss_on_a_live_path_is_still_congestion_only_a_silent_one_is_an_outage()
    {
        // The same clean path, but from 12 s to 15 s it loses half the packets and still carries feedback: congestion,
        // which must cut the estimate and move the subscriber down as before.
        var run = Run(TimeSpan.FromSeconds(30), halfLossInsteadOfOutage: true);
        output.WriteLine(run.ToString());

        Assert.Equal(2, run.LayerBeforeOutage);
        Assert.False(run.SawOutage);
        Assert.Equal(0, run.Outages);
        Assert.Equal(0, run.LossesIgnored);
        Assert.True(run.EstimateAfterOutage < run.EstimateBeforeOutage / 2,
            $"half the packets lost for 3 s left the estimate at {run.EstimateAfterOutage} (was {run.EstimateBeforeOutage})");
        Assert.NotEqual("", run.TargetChangesFromOutage);
    }

    private sealed record Result(int LayerBeforeOutage, long EstimateBeforeOutage, long EstimateAfterOutage, bool SawOutage,
        bool SelectorHeldDuringOutage, long Outages, long LossesIgnored, long SwitchesBeforeOutage, long SwitchesAtEnd,
        string TargetChangesFromOutage, int LayerAtEnd);

    [Fact]
    public void Without_outage_detection_the_same_outage_reads_as_congestion_and_the_subscriber_drops_and_climbs_back()
    {
        // What the node did before it told an outage from congestion (the 60 s browser run: f → h → q → h → q after a
        // 3 s dead path): with the threshold beyond the outage, the losses the subscriber reports for the dead seconds
        // cut the estimate, and the subscriber leaves f. This keeps the simulation honest: it does reproduce the harm.
        var run = Run(TimeSpan.FromSeconds(60), options: new BandwidthEstimatorOptions { FeedbackOutageMicroseconds = 10_000_000 });
        output.WriteLine(run.ToString());

        Assert.Equal(2, run.LayerBeforeOutage);
        Assert.Equal(0, run.Outages);
        Assert.True(run.EstimateAfterOutage < run.EstimateBeforeOutage * 3 / 4,
            $"the estimate went from {run.EstimateBeforeOutage} to {run.EstimateAfterOutage}");
        Assert.True(run.SwitchesAtEnd - run.SwitchesBeforeOutage >= 2, $"switches after the outage: {run.TargetChangesFromOutage}");
    }

    private static Result Run(TimeSpan duration, bool halfLossInsteadOfOutage = false, BandwidthEstimatorOptions? options = null)
    {
        var subscriber = new ClosedLoopSubscriber(options);
        var (estimator, selector) = (subscriber.Estimator, subscriber.Selector);
        long end = (long)duration.TotalMicroseconds;
        int layerBefore = -1, lastTarget = -1;
        long estimateBefore = 0, estimateAfter = 0, switchesBefore = 0;
        bool sawOutage = false, selectorHeld = false;
        var targetChanges = new System.Text.StringBuilder();
        for (long now = 0; now < end; now += 1_000)
        {
            bool dead = !halfLossInsteadOfOutage && now >= OutageStart && now < OutageEnd;
            if (subscriber.UpdateSelectorIfDue(now))
            {
                sawOutage |= estimator.IsInOutage(now);
                selectorHeld |= selector.IsInPathOutage;
            }
            if (now == OutageStart)
            {
                layerBefore = selector.CurrentLayer;
                estimateBefore = estimator.EstimateBps;
                switchesBefore = selector.SwitchCount;
                lastTarget = selector.TargetLayer;
            }
            if (now == OutageEnd + 500_000)
                estimateAfter = estimator.EstimateBps;
            subscriber.SendDue(now, (sentAt, index) =>
            {
                bool lost = dead || (halfLossInsteadOfOutage && sentAt >= OutageStart && sentAt < OutageEnd && index % 2 == 1);
                return lost ? null : sentAt + PropagationMicroseconds;
            });
            if (now >= OutageStart && selector.TargetLayer != lastTarget)
            {
                targetChanges.Append($"{now / 1e6:0.00} s: {lastTarget} → {selector.TargetLayer}; ");
                lastTarget = selector.TargetLayer;
            }
            subscriber.Deliver(now);
            subscriber.ReturnFeedbackIfDue(now, lostOnTheWay: dead); // the feedback dies on the dead path too
        }
        return new Result(layerBefore, estimateBefore, estimateAfter, sawOutage, selectorHeld, estimator.OutageCount,
            estimator.OutageLossesIgnored, switchesBefore, selector.SwitchCount, targetChanges.ToString(), selector.CurrentLayer);
    }
}
