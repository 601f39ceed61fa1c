using Prometheus;

namespace RtcLive.Signaling.Classroom;

/// <summary>What the classroom does, for Prometheus: chat, hands, and every moderation action by kind.</summary>
public static class ClassroomMetrics
{
    public static readonly Counter ChatMessages = Metrics.CreateCounter("rtclive_chat_messages_total", "Chat messages taken and sent to rooms.");

    public static readonly Counter ChatRefused = Metrics.CreateCounter("rtclive_chat_refused_total",
        "Chat messages refused, by reason (invalid, rate).", new CounterConfiguration { LabelNames = ["reason"] });

    public static readonly Counter HandsRaised = Metrics.CreateCounter("rtclive_hands_raised_total", "Hands raised.");

    public static readonly Counter ModerationActions = Metrics.CreateCounter("rtclive_moderation_actions_total",
        "Stage and moderation actions carried out, by action (promote, demote, mute, remove, end).", new CounterConfiguration { LabelNames = ["action"] });
}
