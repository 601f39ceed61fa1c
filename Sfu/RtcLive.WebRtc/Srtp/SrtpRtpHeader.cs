using System.Buffers.Binary;

namespace RtcLive.WebRtc.Srtp;

/// <summary>
/// The few RTP header facts SRTP needs (RFC 3550 §5.1): where the payload starts, the sequence number and the SSRC.
/// The header up to the payload stays in the clear and is authenticated, the rest is encrypted.
/// </summary>
internal static class SrtpRtpHeader
{
    public const int FixedLength = 12;

    /// <summary>
    /// Computes 12 + 4·CC + (extension header and words, when X is set). False for a version other than 2 or a
    /// header longer than <paramref name="packet"/>.
    /// </summary>
    public static bool TryGetLength(ReadOnlySpan<byte> packet, out int headerLength)
    {
        headerLength = 0;
        if (packet.Length < FixedLength)
            return false;
        byte first = packet[0];
        if (first >> 6 != 2)
            return false;
        int length = FixedLength + 4 * (first & 0x0F);
        if ((first & 0x10) != 0)
        {
            if (packet.Length < length + 4)
                return false;
            length += 4 + 4 * BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(length + 2));
        }
        if (length > packet.Length)
            return false;
        headerLength = length;
        return true;
    }

    public static ushort SequenceNumber(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(2));

    public static uint Ssrc(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(8));
}
