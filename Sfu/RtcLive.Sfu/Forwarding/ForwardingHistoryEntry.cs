namespace RtcLive.Sfu.Forwarding;

/// <summary>Where one output sequence number came from, and how its packet was (or will be) rewritten.</summary>
internal struct ForwardingHistoryEntry
{
    public ushort SequenceNumber;
    public ushort SourceSequenceNumber;
    public uint SourceSsrc;
    public uint TimestampOffset;
    public Vp8PictureIdOffsets Vp8;
    public ForwardingHistoryState State;
}
