using System.Buffers.Binary;

namespace RtcLive.WebRtc.Rtcp;

/// <summary>
/// One RTCP packet of a compound packet: its common header (RFC 3550 §6.4.1) and body, as views into the
/// datagram. The typed readers (<see cref="SenderReport"/>, <see cref="GenericNack"/>, ...) start from one.
/// </summary>
public readonly ref struct RtcpPacket
{
    /// <summary>Bytes of the common header: V/P/count, packet type, length.</summary>
    public const int HeaderLength = 4;

    private RtcpPacket(ReadOnlySpan<byte> packet, int paddingLength)
    {
        Packet = packet;
        PaddingLength = paddingLength;
    }

    /// <summary>The whole packet: header, body and padding.</summary>
    public ReadOnlySpan<byte> Packet { get; }

    /// <summary>Everything after the 4-byte header, padding removed.</summary>
    public ReadOnlySpan<byte> Body => Packet.Slice(HeaderLength, Packet.Length - HeaderLength - PaddingLength);

    public int Version => Packet[0] >> 6;

    public bool HasPadding => (Packet[0] & 0x20) != 0;

    /// <summary>The 5-bit field after P: report count (SR/RR), source count (SDES/BYE) or FMT (feedback).</summary>
    public int Count => Packet[0] & 0x1F;

    public RtcpPacketType PacketType => (RtcpPacketType)Packet[1];

    /// <summary>The length field: the packet's size in 32-bit words minus one.</summary>
    public int LengthInWordsMinusOne => BinaryPrimitives.ReadUInt16BigEndian(Packet.Slice(2));

    /// <summary>Padding bytes at the end, including the count byte; 0 when P is clear.</summary>
    public int PaddingLength { get; }

    /// <summary>True for an RTPFB or PSFB packet with the given FMT.</summary>
    public bool IsFeedback(RtcpPacketType type, int format) => PacketType == type && Count == format;

    /// <summary>
    /// Reads the packet at the start of <paramref name="buffer"/>. False when the version is not 2, the
    /// length field runs past the buffer, or the padding count is zero or larger than the body.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> buffer, out RtcpPacket packet)
    {
        packet = default;
        if (buffer.Length < HeaderLength || buffer[0] >> 6 != 2)
            return false;
        int length = 4 * (BinaryPrimitives.ReadUInt16BigEndian(buffer.Slice(2)) + 1);
        if (length > buffer.Length)
            return false;

        int paddingLength = 0;
        if ((buffer[0] & 0x20) != 0)
        {
            paddingLength = buffer[length - 1];
            if (paddingLength == 0 || paddingLength > length - HeaderLength)
                return false;
        }
        packet = new RtcpPacket(buffer.Slice(0, length), paddingLength);
        return true;
    }

    /// <summary>
    /// Writes a common header (version 2, no padding) for a packet of <paramref name="packetLength"/> bytes.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Count above 31, or a length that is not a positive
    /// multiple of 4 up to 262,144.</exception>
    /// <exception cref="ArgumentException">The destination is shorter than 4 bytes.</exception>
    public static void WriteHeader(Span<byte> destination, int count, RtcpPacketType type, int packetLength)
    {
        if ((uint)count > 31)
            throw new ArgumentOutOfRangeException(nameof(count), count, "The count/FMT field is 5 bits.");
        if (packetLength < HeaderLength || packetLength % 4 != 0 || packetLength / 4 - 1 > ushort.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(packetLength), packetLength, "An RTCP packet is a whole number of 32-bit words.");
        if (destination.Length < HeaderLength)
            throw new ArgumentException("No room for the RTCP header.", nameof(destination));
        destination[0] = (byte)(0x80 | count);
        destination[1] = (byte)type;
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2), (ushort)(packetLength / 4 - 1));
    }

    internal static void EnsureRoom(Span<byte> destination, int length)
    {
        if (destination.Length < length)
            throw new ArgumentException($"The RTCP packet needs {length} bytes.", nameof(destination));
    }
}
