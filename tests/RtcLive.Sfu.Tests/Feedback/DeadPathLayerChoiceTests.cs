using RtcLive.Sfu.Feedback;
using RtcLive.Sfu.Forwarding;
using RtcLive.WebRtc.Rtcp;
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
    private const int PacketSize = 1_200;
    private const long OutageStart = 12_000_000;
    private const long OutageEnd = 15_000_000;
    private static readonly long[] LayerBitrates = [150_000, 700_000, 1_500_000];

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
        var estimator = new BandwidthEstimator(options);
        var selector = new SimulcastSelector();
        var sequence = new TransportSequenceAllocator(1);
        var receiver = new TransportCcFeedbackBuilder();
        var inFlight = new PriorityQueue<ushort, long>();
        byte[] feedback = new byte[1500];
        for (int layer = 0; layer < 3; layer++)
        {
            selector.SetLayerActive(layer, true, 0);
            selector.SetLayerBitrate(layer, LayerBitrates[layer], 0);
        }

        long end = (long)duration.TotalMicroseconds;
        long nextSend = 0, nextFeedback = 100_000, nextLayerUpdate = 0;
        int layerBefore = -1, lastTarget = -1;
        long estimateBefore = 0, estimateAfter = 0, switchesBefore = 0;
        bool sawOutage = false, selectorHeld = false;
        int sent = 0;
        var targetChanges = new System.Text.StringBuilder();
        for (long now = 0; now < end; now += 1_000)
        {
            bool dead = !halfLossInsteadOfOutage && now >= OutageStart && now < OutageEnd;
            if (now >= nextLayerUpdate)
            {
                // What Consumer.UpdateSelector does every 250 ms.
                selector.SetPathOutage(estimator.IsInOutage(now), now / 1000);
                selector.SetBandwidthEstimate(estimator.EstimateBps, now / 1000);
                sawOutage |= estimator.IsInOutage(now);
                selectorHeld |= selector.IsInPathOutage;
                nextLayerUpdate += 250_000;
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
            while (now >= nextSend)
            {
                for (int layer = 0; layer < 3; layer++)
                    selector.OnPacket(layer, isKeyframe: true, now / 1000);
                int current = Math.Max(0, selector.CurrentLayer);
                ushort transport = sequence.Next();
                estimator.OnPacketSent(transport, PacketSize, now);
                bool lost = dead || (halfLossInsteadOfOutage && now >= OutageStart && now < OutageEnd && sent % 2 == 1);
                if (!lost)
                    inFlight.Enqueue(transport, now + PropagationMicroseconds);
                sent++;
                nextSend += PacketSize * 8 * 1_000_000L / LayerBitrates[current];
            }
            if (now >= OutageStart && selector.TargetLayer != lastTarget)
            {
                targetChanges.Append($"{now / 1e6:0.00} s: {lastTarget} → {selector.TargetLayer}; ");
                lastTarget = selector.TargetLayer;
            }
            while (inFlight.TryPeek(out ushort arriving, out long arrival) && arrival <= now)
            {
                inFlight.Dequeue();
                receiver.OnPacket(arriving, arrival);
            }
            if (now >= nextFeedback)
            {
                while (receiver.HasPendingFeedback)
                {
                    int length = receiver.TryBuild(now, feedback, 1, 2);
                    if (length == 0) break;
                    if (dead) continue; // the feedback dies on the dead path too
                    Assert.True(RtcpPacket.TryParse(feedback.AsSpan(0, length), out var packet));
                    Assert.True(TransportCcFeedback.TryParse(packet, out var parsed));
                    estimator.OnTransportCcFeedback(parsed, now);
                }
                estimator.Update(now);
                nextFeedback += 100_000;
            }
        }
        return new Result(layerBefore, estimateBefore, estimateAfter, sawOutage, selectorHeld, estimator.OutageCount,
            estimator.OutageLossesIgnored, switchesBefore, selector.SwitchCount, targetChanges.ToString(), selector.CurrentLayer);
    }
}
