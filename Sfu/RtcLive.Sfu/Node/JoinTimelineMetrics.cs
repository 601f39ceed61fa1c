using Microsoft.Extensions.Logging;
using Prometheus;
using RtcLive.Sfu.Sessions;

namespace RtcLive.Sfu.Node;

/// <summary>
/// A subscriber's join, once its first video packet went out: each step's time since the participant joined the
/// node as a histogram (<c>rtclive_subscriber_join_step_seconds{step}</c>) and one log line with the breakdown.
/// Runs once per subscriber, off the receive thread that completed the timeline.
/// </summary>
public static class JoinTimelineMetrics
{
    private static readonly Histogram StepSeconds = Metrics.CreateHistogram("rtclive_subscriber_join_step_seconds",
        "Time from a subscriber joining the node to each step of its join (offer-made, answer-applied, ice-checked, dtls-connected, keyframe-requested, first-video-sent).",
        new HistogramConfiguration
        {
            LabelNames = ["step"],
            Buckets = [0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10],
        });

    /// <summary>Reports <paramref name="timeline"/> when it completes.</summary>
    internal static void Watch(SubscriberJoinTimeline timeline, string participant, string room, ILogger logger) =>
        timeline.Completed += t => ThreadPool.UnsafeQueueUserWorkItem(_ => Report(t, participant, room, logger), null);

    private static void Report(SubscriberJoinTimeline timeline, string participant, string room, ILogger logger)
    {
        var steps = timeline.Snapshot();
        if (steps.Count == 0) return;
        long joined = steps[0].UnixMs;
        foreach (var (step, at) in steps)
            if (step != SubscriberJoinTimeline.Steps[0]) StepSeconds.WithLabels(step).Observe((at - joined) / 1000.0);
        logger.LogInformation("{Participant} in {Room}: first video {FirstVideoMs} ms after joining the node ({JoinSteps} ms)",
            participant, room, steps[^1].UnixMs - joined, timeline.Describe());
    }
}
