namespace RtcLive.Sfu.Forwarding;

/// <summary>What can be done about one sequence number a subscriber reported lost.</summary>
public enum NackRepairKind
{
    /// <summary>The packet was in the source's cache and is rewritten, ready to resend.</summary>
    Resend,

    /// <summary>The source packet is known but not cached: ask the publisher for it with a NACK.</summary>
    NotCached,

    /// <summary>The number is outside the forwarding history (too old, or never part of the stream).</summary>
    Unavailable,
}
