using System.Buffers.Binary;
using System.Numerics;

namespace RtcLive.WebRtc.Rtcp;

/// <summary>
/// REMB (draft-alvestrand-rmcat-remb, PSFB FMT 15 with the "REMB" identifier): the receiver's estimate of
/// the total bitrate it can take for the listed SSRCs. The bitrate travels as an 18-bit mantissa and a 6-bit
/// exponent (bitrate = mantissa × 2^exp), so large values lose their low bits.
/// </summary>
public readonly ref struct ReceiverEstimatedMaxBitrate
{
    private const int FixedFciLength = 8; // "REMB", SSRC count, exponent and mantissa
    private const uint Identifier = 0x52454D42; // "REMB"
    private const int MantissaBits = 18;
    private readonly ReadOnlySpan<byte> _ssrcs;

    private ReceiverEstimatedMaxBitrate(uint senderSsrc, ulong bitrate, ReadOnlySpan<byte> ssrcs)
    {
        SenderSsrc = senderSsrc;
        Bitrate = bitrate;
        _ssrcs = ssrcs;
    }

    public uint SenderSsrc { get; }

    /// <summary>Bits per second; a value too large for 64 bits reads as <see cref="ulong.MaxValue"/>.</summary>
    public ulong Bitrate { get; }

    public int SsrcCount => _ssrcs.Length / 4;

    /// <exception cref="ArgumentOutOfRangeException">The index is not below <see cref="SsrcCount"/>.</exception>
    public uint GetSsrc(int index)
    {
        if ((uint)index >= (uint)SsrcCount)
            throw new ArgumentOutOfRangeException(nameof(index), index, "No such SSRC.");
        return BinaryPrimitives.ReadUInt32BigEndian(_ssrcs.Slice(4 * index));
    }

    /// <summary>False unless the packet is PSFB FMT 15 with the REMB identifier and all the SSRCs it counts.</summary>
    public static bool TryParse(in RtcpPacket packet, out ReceiverEstimatedMaxBitrate remb)
    {
        remb = default;
        ReadOnlySpan<byte> body = packet.Body;
        if (!packet.IsFeedback(RtcpPacketType.PayloadSpecificFeedback, PayloadSpecificFeedbackFormat.ApplicationLayer)
            || body.Length < FeedbackHeader.BodyLength + FixedFciLength)
            return false;
        ReadOnlySpan<byte> fci = body.Slice(FeedbackHeader.BodyLength);
        if (BinaryPrimitives.ReadUInt32BigEndian(fci) != Identifier)
            return false;
        int ssrcCount = fci[4];
        if (fci.Length < FixedFciLength + 4 * ssrcCount)
            return false;
        int exponent = fci[5] >> 2;
        ulong mantissa = ((uint)(fci[5] & 0x03) << 16) | ((uint)fci[6] << 8) | fci[7];
        remb = new ReceiverEstimatedMaxBitrate(FeedbackHeader.SenderSsrc(body), Decode(mantissa, exponent),
            fci.Slice(FixedFciLength, 4 * ssrcCount));
        return true;
    }

    /// <summary>The bitrate the wire format can carry for <paramref name="bitrate"/> (rounded down), as a reader will see it.</summary>
    public static ulong Quantize(ulong bitrate)
    {
        Encode(bitrate, out uint mantissa, out int exponent);
        return Decode(mantissa, exponent);
    }

    public static int GetLength(int ssrcCount) => FeedbackHeader.Length + FixedFciLength + 4 * ssrcCount;

    /// <summary>
    /// Writes a REMB and returns its length. The bitrate is rounded down to what the mantissa can hold, so
    /// the sender is never told it may send more than estimated.
    /// </summary>
    /// <exception cref="ArgumentException">More than 255 SSRCs, or the destination is too short.</exception>
    public static int Write(Span<byte> destination, uint senderSsrc, ulong bitrate, ReadOnlySpan<uint> ssrcs)
    {
        if (ssrcs.Length > 255)
            throw new ArgumentException("A REMB lists at most 255 SSRCs.", nameof(ssrcs));
        int length = GetLength(ssrcs.Length);
        Span<byte> fci = FeedbackHeader.Write(destination, RtcpPacketType.PayloadSpecificFeedback,
            PayloadSpecificFeedbackFormat.ApplicationLayer, length, senderSsrc, 0);
        Encode(bitrate, out uint mantissa, out int exponent);
        BinaryPrimitives.WriteUInt32BigEndian(fci, Identifier);
        fci[4] = (byte)ssrcs.Length;
        fci[5] = (byte)((exponent << 2) | (int)(mantissa >> 16));
        BinaryPrimitives.WriteUInt16BigEndian(fci.Slice(6), (ushort)mantissa);
        for (int i = 0; i < ssrcs.Length; i++)
            BinaryPrimitives.WriteUInt32BigEndian(fci.Slice(FixedFciLength + 4 * i), ssrcs[i]);
        return length;
    }

    private static void Encode(ulong bitrate, out uint mantissa, out int exponent)
    {
        int bits = 64 - BitOperations.LeadingZeroCount(bitrate);
        exponent = Math.Max(0, bits - MantissaBits); // at most 46, well inside 6 bits
        mantissa = (uint)(bitrate >> exponent);
    }

    private static ulong Decode(ulong mantissa, int exponent) =>
        mantissa != 0 && exponent > BitOperations.LeadingZeroCount(mantissa) ? ulong.MaxValue : mantissa << exponent;
}
