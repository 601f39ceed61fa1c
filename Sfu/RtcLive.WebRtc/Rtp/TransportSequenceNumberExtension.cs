using System.Buffers.Binary;

namespace RtcLive.WebRtc.Rtp;

/// <summary>
/// The transport-wide-cc extension: a 16-bit sequence number shared by all streams of a transport.
/// The "-02" variant appends two feedback-request bytes; reading takes the first two bytes of either.
/// </summary>
public static class TransportSequenceNumberExtension
{
    public const int Length = 2;

    public static bool TryRead(ReadOnlySpan<byte> value, out ushort sequenceNumber)
    {
        if (value.Length < Length)
        {
            sequenceNumber = 0;
            return false;
        }
        sequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(value);
        return true;
    }

    /// <exception cref="ArgumentException">The destination is shorter than 2 bytes.</exception>
    public static void Write(Span<byte> value, ushort sequenceNumber)
    {
        if (value.Length < Length)
            throw new ArgumentException("A transport-wide sequence number needs 2 bytes.", nameof(value));
        BinaryPrimitives.WriteUInt16BigEndian(value, sequenceNumber);
    }
}
