namespace RtcLive.WebRtc.Rtp;

/// <summary>
/// Changes the value of an existing RFC 8285 element inside a packet without moving any byte, which is all
/// an SFU needs when it restamps transport-wide sequence numbers or abs-send-time on forwarded packets.
/// </summary>
public static class RtpHeaderExtensionRewriter
{
    /// <summary>
    /// Gives writable access to the value of element <paramref name="id"/>. False when the packet does not
    /// parse or has no such element.
    /// </summary>
    public static bool TryGetValue(Span<byte> packet, byte id, out Span<byte> value)
    {
        value = default;
        if (!RtpHeader.TryParse(packet, out var header) || !header.Extensions.TryFindElement(id, out var element))
            return false;
        value = packet.Slice(header.ExtensionDataOffset + element.ValueOffset, element.Value.Length);
        return true;
    }

    /// <summary>
    /// Overwrites element <paramref name="id"/> with <paramref name="value"/>. False when the element is
    /// missing or its length differs (a different length would need the packet rebuilt).
    /// </summary>
    public static bool TryRewrite(Span<byte> packet, byte id, ReadOnlySpan<byte> value)
    {
        if (!TryGetValue(packet, id, out var slot) || slot.Length != value.Length)
            return false;
        value.CopyTo(slot);
        return true;
    }

    /// <summary>Rewrites the transport-wide-cc sequence number (the first two bytes of the element).</summary>
    public static bool TrySetTransportSequenceNumber(Span<byte> packet, byte id, ushort sequenceNumber)
    {
        if (!TryGetValue(packet, id, out var slot) || slot.Length < TransportSequenceNumberExtension.Length)
            return false;
        TransportSequenceNumberExtension.Write(slot, sequenceNumber);
        return true;
    }

    /// <summary>Rewrites the 24-bit abs-send-time value.</summary>
    public static bool TrySetAbsSendTime(Span<byte> packet, byte id, uint absSendTime)
    {
        if (!TryGetValue(packet, id, out var slot) || slot.Length != AbsSendTimeExtension.Length)
            return false;
        AbsSendTimeExtension.Write(slot, absSendTime);
        return true;
    }
}
