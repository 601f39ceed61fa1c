using System.Buffers.Binary;

namespace RtcLive.LoadTest.Media;

/// <summary>
/// The load generator's 20-byte record at the end of every RTP payload: which stream and frame a packet belongs to
/// and when it was sent. It sits at the end, not the start, so the VP8 descriptor and payload header stay where a
/// real SFU looks for them (keyframe detection, picture-id rewriting) and any rewriting in front cannot move it.
/// </summary>
/// <remarks>
/// Layout (big endian): magic 0x4C54 ("LT") · kind (0 audio, 1–3 video layer) · flags (bit 0 keyframe) ·
/// publisher u16 · packet index in frame u8 · packets in frame u8 · frame number u32 · send time µs u64.
/// </remarks>
internal readonly record struct ProbeTrailer(byte Kind, bool Keyframe, ushort Publisher, byte PacketIndex, byte PacketCount, uint Frame, long SendMicros)
{
    public const int Length = 20;
    private const ushort Magic = 0x4C54;

    public const byte AudioKind = 0;

    public bool IsAudio => Kind == AudioKind;

    /// <summary>Writes the trailer into the last <see cref="Length"/> bytes of <paramref name="payload"/>.</summary>
    public void WriteTo(Span<byte> payload)
    {
        if (payload.Length < Length) throw new ArgumentException("the payload is shorter than the trailer", nameof(payload));
        var t = payload[^Length..];
        BinaryPrimitives.WriteUInt16BigEndian(t, Magic);
        t[2] = Kind;
        t[3] = Keyframe ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt16BigEndian(t[4..], Publisher);
        t[6] = PacketIndex;
        t[7] = PacketCount;
        BinaryPrimitives.WriteUInt32BigEndian(t[8..], Frame);
        BinaryPrimitives.WriteInt64BigEndian(t[12..], SendMicros);
    }

    /// <summary>Reads the trailer at the end of a payload; false when there is none (not our packet, or cut short).</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out ProbeTrailer trailer)
    {
        trailer = default;
        if (payload.Length < Length) return false;
        var t = payload[^Length..];
        if (BinaryPrimitives.ReadUInt16BigEndian(t) != Magic || t[7] == 0 || t[6] >= t[7]) return false;
        trailer = new ProbeTrailer(t[2], (t[3] & 1) != 0, BinaryPrimitives.ReadUInt16BigEndian(t[4..]), t[6], t[7],
            BinaryPrimitives.ReadUInt32BigEndian(t[8..]), BinaryPrimitives.ReadInt64BigEndian(t[12..]));
        return true;
    }
}
