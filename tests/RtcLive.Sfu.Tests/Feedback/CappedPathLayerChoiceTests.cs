using RtcLive.Sfu.Feedback;
using RtcLive.Sfu.Forwarding;
using Xunit.Abstractions;

namespace RtcLive.Sfu.Tests.Feedback;

/// <summary>
/// The 600 kbit/s cap case closed-loop, without sockets: the node sends a subscriber the layer its
/// <see cref="SimulcastSelector"/> picks from the <see cref="BandwidthEstimator"/>'s estimate; the path is a token
/// bucket of 600 kbit/s with a 200 ms queue (what tbf does: a packet that does not fit the queue is dropped), then
/// 20 ms of delay; the subscriber returns transport-cc feedback every 100 ms. q (150 kbit/s) fits, h (700 kbit/s)
/// and f do not, but the estimate, which grows while nothing is lost, keeps reaching them.
/// </summary>
public sealed class CappedPathLayerChoiceTests(ITestOutputHelper output)
{
    private const long CapBitsPerSecond = 600_000;
    private const long QueueMicroseconds = 200_000;
    private const long PropagationMicroseconds = 20_000;

    [Fact]
    public void On_a_capped_path_failed_upgrades_back_off_so_the_subscriber_settles_with_little_loss()
    {
        var run = Run(TimeSpan.FromSeconds(180));
        output.WriteLine($"failed upgrades {run.FailedUpgrades} at {string.Join(", ", run.FailedAtSeconds.Select(s => $"{s:0.0} s"))}; " +
            $"switches {run.Switches}; dropped after 20 s {run.DroppedAfterSettling} of {run.SentAfterSettling} ({100.0 * run.DroppedAfterSettling / run.SentAfterSettling:0.00} %)");

        // Every failure doubles the hold: 8 + 16 + 32 + 64 s of holds (plus the tries) already fill 3 minutes. The
        // estimate's own slow climb back after a failure (8 % a second from the cut) sets a floor under the early
        // gaps; the holds take over after that.
        Assert.InRange(run.FailedUpgrades, 1, 5);
        for (int i = 1; i < run.FailedAtSeconds.Count; i++)
        {
            double hold = Math.Min(SimulcastSelector.MaxHoldDownMs, SimulcastSelector.InitialHoldDownMs << (i - 1)) / 1000.0;
            Assert.True(run.FailedAtSeconds[i] - run.FailedAtSeconds[i - 1] >= hold,
                $"failed upgrade {i + 1} came {run.FailedAtSeconds[i] - run.FailedAtSeconds[i - 1]:0.0} s after the one before (hold {hold} s)");
        }
        Assert.True(run.FailedAtSeconds[^1] - run.FailedAtSeconds[^2] >= 60, "the hold never reached a minute");
        Assert.True(run.DroppedAfterSettling < 0.01 * run.SentAfterSettling,
            $"{run.DroppedAfterSettling} of {run.SentAfterSettling} packets dropped after settling");
    }

    private sealed record Result(int FailedUpgrades, List<double> FailedAtSeconds, long Switches, long SentAfterSettling, long DroppedAfterSettling);

    private static Result Run(TimeSpan duration)
    {
        var subscriber = new ClosedLoopSubscriber();
        var selector = subscriber.Selector;
        long end = (long)duration.TotalMicroseconds, settledAt = 20_000_000;
        long linkFreeAt = 0, sent = 0, dropped = 0;
        var failedAt = new List<double>();
        // The token bucket: a packet waits for the link behind the queue, or is dropped when the wait is too long.
        long? Path(long now, long index)
        {
            while (selector.FailedUpgradeCount > failedAt.Count) failedAt.Add(now / 1e6);
            long start = Math.Max(now, linkFreeAt);
            if (now >= settledAt) sent++;
            if (start - now > QueueMicroseconds)
            {
                if (now >= settledAt) dropped++;
                return null;
            }
            linkFreeAt = start + ClosedLoopSubscriber.PacketSize * 8 * 1_000_000L / CapBitsPerSecond;
            return linkFreeAt + PropagationMicroseconds;
        }
        for (long now = 0; now < end; now += 1_000)
        {
            subscriber.UpdateSelectorIfDue(now);
            subscriber.SendDue(now, Path);
            subscriber.Deliver(now);
            subscriber.ReturnFeedbackIfDue(now);
        }
        return new Result((int)selector.FailedUpgradeCount, failedAt, selector.SwitchCount, sent, dropped);
    }
}
