namespace RtcLive.Sfu.Forwarding;

/// <summary>What a <see cref="ForwardingHistory"/> slot holds.</summary>
internal enum ForwardingHistoryState : byte
{
    Empty,

    /// <summary>A hole in the output (lost upstream): the mapping is known, nothing was sent yet.</summary>
    Mapped,

    Forwarded,
}
