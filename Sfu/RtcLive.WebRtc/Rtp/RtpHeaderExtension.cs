namespace RtcLive.WebRtc.Rtp;

/// <summary>One RFC 8285 element: its local identifier and value, a view into the packet.</summary>
public readonly ref struct RtpHeaderExtension
{
    public RtpHeaderExtension(byte id, ReadOnlySpan<byte> value, int valueOffset)
    {
        Id = id;
        Value = value;
        ValueOffset = valueOffset;
    }

    /// <summary>Local identifier negotiated through SDP a=extmap (1–14 one-byte, 1–255 two-byte).</summary>
    public byte Id { get; }

    public ReadOnlySpan<byte> Value { get; }

    /// <summary>Offset of <see cref="Value"/> inside the extension data, so a writer can find it in the packet.</summary>
    public int ValueOffset { get; }
}
