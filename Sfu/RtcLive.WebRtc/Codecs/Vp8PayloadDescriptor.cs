namespace RtcLive.WebRtc.Codecs;

/// <summary>
/// The VP8 payload descriptor at the start of every VP8 RTP payload (RFC 7741 §4.2):
/// <code>
///  X|R|N|S|R|PID      always
///  I|L|T|K|RSV        if X
///  M|PictureID (7/15) if I (M = 15 bits, two bytes)
///  TL0PICIDX          if L
///  TID|Y|KEYIDX       if T or K
/// </code>
/// The SFU reads it to find keyframes and temporal layers, and rewrites the picture id and TL0PICIDX when
/// it switches simulcast layers so the receiver sees one continuous stream.
/// </summary>
public readonly struct Vp8PayloadDescriptor
{
    private readonly byte _first;
    private readonly byte _extension;
    private readonly byte _layerByte;

    private Vp8PayloadDescriptor(byte first, byte extension, ushort pictureId, int pictureIdLength, byte tl0PicIdx,
        byte layerByte, int length, bool isKeyFrame)
    {
        _first = first;
        _extension = extension;
        PictureId = pictureId;
        PictureIdLength = pictureIdLength;
        Tl0PicIdx = tl0PicIdx;
        _layerByte = layerByte;
        Length = length;
        IsKeyFrame = isKeyFrame;
    }

    /// <summary>X: the extension byte (I/L/T/K) is present.</summary>
    public bool HasExtension => (_first & 0x80) != 0;

    /// <summary>N: no other frame references this one, so it may be dropped.</summary>
    public bool IsNonReferenceFrame => (_first & 0x20) != 0;

    /// <summary>S: the payload starts a VP8 partition.</summary>
    public bool IsStartOfPartition => (_first & 0x10) != 0;

    /// <summary>PID: the partition index (0–7).</summary>
    public int PartitionIndex => _first & 0x07;

    public bool HasPictureId => (_extension & 0x80) != 0;

    public bool HasTl0PicIdx => (_extension & 0x40) != 0;

    /// <summary>T: the TID and Y fields are meaningful.</summary>
    public bool HasTemporalLayerIndex => (_extension & 0x20) != 0;

    /// <summary>K: the KEYIDX field is meaningful.</summary>
    public bool HasKeyIndex => (_extension & 0x10) != 0;

    /// <summary>Picture id (7 or 15 bits); 0 without one.</summary>
    public ushort PictureId { get; }

    /// <summary>Bytes the picture id takes: 0 (absent), 1 (7-bit) or 2 (15-bit, M set).</summary>
    public int PictureIdLength { get; }

    /// <summary>Running index of temporal-layer-0 frames; 0 without one.</summary>
    public byte Tl0PicIdx { get; }

    /// <summary>TID: the temporal layer (0–3); 0 unless <see cref="HasTemporalLayerIndex"/>.</summary>
    public int TemporalLayerIndex => HasTemporalLayerIndex ? _layerByte >> 6 : 0;

    /// <summary>Y: the frame depends only on temporal layer 0, so a receiver can switch up here.</summary>
    public bool IsLayerSync => HasTemporalLayerIndex && (_layerByte & 0x20) != 0;

    /// <summary>KEYIDX (0–31); 0 unless <see cref="HasKeyIndex"/>.</summary>
    public int KeyIndex => HasKeyIndex ? _layerByte & 0x1F : 0;

    /// <summary>Bytes of the descriptor; the VP8 payload header starts right after.</summary>
    public int Length { get; }

    /// <summary>
    /// The packet starts a keyframe: S set, partition 0, and the P bit (bit 0 of the VP8 payload header's
    /// first byte, "inverse keyframe") clear.
    /// </summary>
    public bool IsKeyFrame { get; }

    /// <summary>
    /// Parses the descriptor at the start of an RTP payload. False when the payload ends inside the
    /// descriptor or right after it (a VP8 packet carries at least one payload byte).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out Vp8PayloadDescriptor descriptor)
    {
        descriptor = default;
        if (payload.IsEmpty)
            return false;
        byte first = payload[0];
        int offset = 1;
        byte extension = 0, tl0PicIdx = 0, layerByte = 0;
        ushort pictureId = 0;
        int pictureIdLength = 0;

        if ((first & 0x80) != 0)
        {
            if (offset >= payload.Length)
                return false;
            extension = payload[offset++];

            if ((extension & 0x80) != 0)
            {
                if (offset >= payload.Length)
                    return false;
                if ((payload[offset] & 0x80) != 0)
                {
                    if (offset + 1 >= payload.Length)
                        return false;
                    pictureId = (ushort)(((payload[offset] & 0x7F) << 8) | payload[offset + 1]);
                    pictureIdLength = 2;
                }
                else
                {
                    pictureId = payload[offset];
                    pictureIdLength = 1;
                }
                offset += pictureIdLength;
            }
            if ((extension & 0x40) != 0)
            {
                if (offset >= payload.Length)
                    return false;
                tl0PicIdx = payload[offset++];
            }
            if ((extension & 0x30) != 0)
            {
                if (offset >= payload.Length)
                    return false;
                layerByte = payload[offset++];
            }
        }

        if (offset >= payload.Length)
            return false;
        bool isKeyFrame = (first & 0x10) != 0 && (first & 0x07) == 0 && (payload[offset] & 0x01) == 0;
        descriptor = new Vp8PayloadDescriptor(first, extension, pictureId, pictureIdLength, tl0PicIdx, layerByte, offset, isKeyFrame);
        return true;
    }

    /// <summary>
    /// Overwrites the picture id in place, keeping its width: a 7-bit id takes the low 7 bits of
    /// <paramref name="pictureId"/>, a 15-bit one the low 15. False when the payload has no picture id.
    /// </summary>
    public static bool TrySetPictureId(Span<byte> payload, ushort pictureId)
    {
        if (!TryParse(payload, out var descriptor) || descriptor.PictureIdLength == 0)
            return false;
        const int offset = 2; // after the first byte and the extension byte
        if (descriptor.PictureIdLength == 2)
        {
            payload[offset] = (byte)(0x80 | ((pictureId >> 8) & 0x7F));
            payload[offset + 1] = (byte)pictureId;
        }
        else
        {
            payload[offset] = (byte)(pictureId & 0x7F);
        }
        return true;
    }

    /// <summary>Overwrites TL0PICIDX in place. False when the payload has none.</summary>
    public static bool TrySetTl0PicIdx(Span<byte> payload, byte tl0PicIdx)
    {
        if (!TryParse(payload, out var descriptor) || !descriptor.HasTl0PicIdx)
            return false;
        payload[2 + descriptor.PictureIdLength] = tl0PicIdx;
        return true;
    }
}
