using System.Buffers.Binary;

namespace RtcLive.WebRtc.Rtp;

/// <summary>
/// RFC 4588 retransmission in its own session-multiplexed stream: an RTX packet is the original packet
/// under the RTX SSRC, payload type and sequence number, with the original sequence number (OSN) as the
/// first two payload bytes. Padding is dropped either way (it carries nothing worth repairing).
/// Both operations copy into a caller buffer and return false, writing nothing useful, when the source
/// does not parse or the destination is too small.
/// </summary>
public static class RtxPacket
{
    public const int OriginalSequenceNumberLength = 2;

    /// <summary>Reads the OSN. False for a packet that does not parse or carries under 2 payload bytes
    /// (padding-only RTX probes do).</summary>
    public static bool TryGetOriginalSequenceNumber(ReadOnlySpan<byte> rtxPacket, out ushort originalSequenceNumber)
    {
        originalSequenceNumber = 0;
        if (!RtpHeader.TryParse(rtxPacket, out var header) || header.Payload.Length < OriginalSequenceNumberLength)
            return false;
        originalSequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(header.Payload);
        return true;
    }

    /// <summary>Rebuilds the original packet: sequence number = OSN, the given SSRC and payload type.</summary>
    public static bool TryUnwrap(ReadOnlySpan<byte> rtxPacket, byte originalPayloadType, uint originalSsrc,
        Span<byte> destination, out int written)
    {
        written = 0;
        if (originalPayloadType > 127 || !RtpHeader.TryParse(rtxPacket, out var header))
            return false;
        ReadOnlySpan<byte> payload = header.Payload;
        if (payload.Length < OriginalSequenceNumberLength)
            return false;
        int length = header.HeaderLength + payload.Length - OriginalSequenceNumberLength;
        if (destination.Length < length)
            return false;

        ushort originalSequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(payload);
        rtxPacket.Slice(0, header.HeaderLength).CopyTo(destination);
        payload.Slice(OriginalSequenceNumberLength).CopyTo(destination.Slice(header.HeaderLength));
        Restamp(destination, originalPayloadType, originalSequenceNumber, originalSsrc);
        written = length;
        return true;
    }

    /// <summary>Builds the RTX packet for <paramref name="originalPacket"/>, inserting its sequence number as OSN.</summary>
    public static bool TryWrap(ReadOnlySpan<byte> originalPacket, byte rtxPayloadType, uint rtxSsrc,
        ushort rtxSequenceNumber, Span<byte> destination, out int written)
    {
        written = 0;
        if (rtxPayloadType > 127 || !RtpHeader.TryParse(originalPacket, out var header))
            return false;
        ReadOnlySpan<byte> payload = header.Payload;
        int length = header.HeaderLength + OriginalSequenceNumberLength + payload.Length;
        if (destination.Length < length)
            return false;

        // Span copies behave like memmove, so wrapping in place (destination = source buffer) works:
        // the payload moves two bytes right before the OSN is written into the gap.
        ushort originalSequenceNumber = header.SequenceNumber;
        payload.CopyTo(destination.Slice(header.HeaderLength + OriginalSequenceNumberLength));
        originalPacket.Slice(0, header.HeaderLength).CopyTo(destination);
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(header.HeaderLength), originalSequenceNumber);
        Restamp(destination, rtxPayloadType, rtxSequenceNumber, rtxSsrc);
        written = length;
        return true;
    }

    private static void Restamp(Span<byte> packet, byte payloadType, ushort sequenceNumber, uint ssrc)
    {
        packet[0] &= 0xDF; // padding was not copied
        packet[1] = (byte)((packet[1] & 0x80) | payloadType);
        BinaryPrimitives.WriteUInt16BigEndian(packet.Slice(2), sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(8), ssrc);
    }
}
