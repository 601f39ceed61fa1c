namespace RtcLive.Sfu.Feedback;

/// <summary>
/// Hands out the transport-wide sequence numbers we stamp on packets sent to one subscriber transport
/// (all its streams share the counter), so the subscriber's transport-cc feedback can be matched to
/// <see cref="SentPacketHistory"/>. Wraps at 65536. One per transport; not thread-safe.
/// </summary>
public sealed class TransportSequenceAllocator
{
    private ushort _next;

    /// <param name="first">The first number handed out; a random start is allowed but not required.</param>
    public TransportSequenceAllocator(ushort first = 1) => _next = first;

    /// <summary>The number the next call to <see cref="Next"/> returns.</summary>
    public ushort Peek => _next;

    public ushort Next() => _next++;
}
