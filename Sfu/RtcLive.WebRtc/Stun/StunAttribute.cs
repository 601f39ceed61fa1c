namespace RtcLive.WebRtc.Stun;

/// <summary>One attribute of a parsed message: its type and value (without padding), a view into the message.</summary>
public readonly ref struct StunAttribute
{
    public StunAttribute(StunAttributeType type, ReadOnlySpan<byte> value)
    {
        Type = type;
        Value = value;
    }

    public StunAttributeType Type { get; }

    public ReadOnlySpan<byte> Value { get; }

    /// <summary>Types below 0x8000 must be understood by the receiver (RFC 8489 §14).</summary>
    public bool IsComprehensionRequired => (ushort)Type < 0x8000;
}
