using System.Buffers.Binary;

namespace RtcLive.WebRtc.Rtp;

/// <summary>
/// Writes RTP headers: in-place field rewrites for forwarding (the SFU gives each subscriber its own
/// SSRC, sequence and timestamp space) and a full header into a caller buffer for packets it originates.
/// The setters expect a packet that already parsed; shorter buffers are an ArgumentException.
/// </summary>
public static class RtpHeaderWriter
{
    public static void SetSequenceNumber(Span<byte> packet, ushort sequenceNumber)
    {
        EnsureFixedHeader(packet);
        BinaryPrimitives.WriteUInt16BigEndian(packet.Slice(2), sequenceNumber);
    }

    public static void SetTimestamp(Span<byte> packet, uint timestamp)
    {
        EnsureFixedHeader(packet);
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(4), timestamp);
    }

    public static void SetSsrc(Span<byte> packet, uint ssrc)
    {
        EnsureFixedHeader(packet);
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(8), ssrc);
    }

    /// <summary>Sets the payload type and keeps the marker bit.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The payload type is above 127.</exception>
    public static void SetPayloadType(Span<byte> packet, byte payloadType)
    {
        EnsureFixedHeader(packet);
        EnsurePayloadType(payloadType);
        packet[1] = (byte)((packet[1] & 0x80) | payloadType);
    }

    public static void SetMarker(Span<byte> packet, bool marker)
    {
        EnsureFixedHeader(packet);
        packet[1] = (byte)(marker ? packet[1] | 0x80 : packet[1] & 0x7F);
    }

    /// <summary>Bytes <see cref="Write"/> needs for a header with these CSRCs and extension block.</summary>
    public static int GetLength(int csrcCount, int extensionBlockLength) =>
        RtpPacket.FixedHeaderLength + 4 * csrcCount + extensionBlockLength;

    /// <summary>
    /// Writes a version-2 header without padding and returns its length; the payload goes right after it.
    /// </summary>
    /// <param name="extensionBlock">A whole extension block as <see cref="RtpHeaderExtensionWriter.Finish"/>
    /// produces it (profile, length, data), or empty for none; the X bit follows from it.</param>
    /// <exception cref="ArgumentException">Destination too short, more than 15 CSRCs, or an extension block
    /// whose length field does not match its size.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The payload type is above 127.</exception>
    public static int Write(Span<byte> destination, in RtpHeaderFields fields,
        ReadOnlySpan<uint> csrcs = default, ReadOnlySpan<byte> extensionBlock = default)
    {
        EnsurePayloadType(fields.PayloadType);
        if (csrcs.Length > 15)
            throw new ArgumentException("An RTP header holds at most 15 CSRCs.", nameof(csrcs));
        if (!extensionBlock.IsEmpty &&
            (extensionBlock.Length < 4 || extensionBlock.Length != 4 + 4 * BinaryPrimitives.ReadUInt16BigEndian(extensionBlock.Slice(2))))
            throw new ArgumentException("The extension block's length field does not match its size.", nameof(extensionBlock));
        int length = GetLength(csrcs.Length, extensionBlock.Length);
        if (destination.Length < length)
            throw new ArgumentException($"The header needs {length} bytes.", nameof(destination));

        destination[0] = (byte)(0x80 | (extensionBlock.IsEmpty ? 0 : 0x10) | csrcs.Length);
        destination[1] = (byte)((fields.Marker ? 0x80 : 0) | fields.PayloadType);
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2), fields.SequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), fields.Timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), fields.Ssrc);
        for (int i = 0; i < csrcs.Length; i++)
            BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(12 + 4 * i), csrcs[i]);
        extensionBlock.CopyTo(destination.Slice(12 + 4 * csrcs.Length));
        return length;
    }

    /// <summary>
    /// Appends RFC 3550 padding (zeros, then the count byte) after the first <paramref name="packetLength"/>
    /// bytes, sets the P bit and returns the new packet length. Used for padding-only probe packets.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Padding not 1–255 bytes, or a packet length that is not
    /// a header's.</exception>
    /// <exception cref="ArgumentException">The buffer has no room for the padding.</exception>
    public static int AppendPadding(Span<byte> buffer, int packetLength, int paddingLength)
    {
        if (paddingLength is < 1 or > 255)
            throw new ArgumentOutOfRangeException(nameof(paddingLength), paddingLength, "Padding is 1–255 bytes.");
        if (packetLength < RtpPacket.FixedHeaderLength || packetLength > buffer.Length)
            throw new ArgumentOutOfRangeException(nameof(packetLength), packetLength, "Not the length of an RTP packet in this buffer.");
        if (buffer.Length - packetLength < paddingLength)
            throw new ArgumentException("No room for the padding.", nameof(buffer));
        buffer.Slice(packetLength, paddingLength - 1).Clear();
        buffer[packetLength + paddingLength - 1] = (byte)paddingLength;
        buffer[0] |= 0x20;
        return packetLength + paddingLength;
    }

    private static void EnsureFixedHeader(Span<byte> packet)
    {
        if (packet.Length < RtpPacket.FixedHeaderLength)
            throw new ArgumentException("Not an RTP packet: shorter than the 12-byte fixed header.", nameof(packet));
    }

    private static void EnsurePayloadType(byte payloadType)
    {
        if (payloadType > 127)
            throw new ArgumentOutOfRangeException(nameof(payloadType), payloadType, "An RTP payload type is 0–127.");
    }
}
