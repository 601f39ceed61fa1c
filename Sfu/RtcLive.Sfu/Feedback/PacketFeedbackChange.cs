namespace RtcLive.Sfu.Feedback;

/// <summary>What a status in transport-cc feedback changes about a packet we sent.</summary>
public enum PacketFeedbackChange
{
    /// <summary>Not a packet of ours in the history (too old, or never sent).</summary>
    Unknown,

    /// <summary>Already reported the same way, or already reported received: nothing new.</summary>
    Repeated,

    /// <summary>First reported, as not received.</summary>
    Lost,

    /// <summary>First reported, as received.</summary>
    Received,

    /// <summary>Reported received after an earlier feedback called it lost (it came late).</summary>
    ReceivedAfterLoss,
}
