using RtcLive.Hls.Ingest;
using RtcLive.WebRtc.Codecs;

namespace RtcLive.Fuzz.Targets;

/// <summary>
/// VP8 RTP payloads (RFC 7741). The whole input is one payload for the descriptor reader and the in-place rewrites the
/// forwarder makes (picture id, TL0PICIDX: each must read back and leave the other fields alone); then the input is cut
/// into a run of packets for the HLS depacketizer: per packet a length byte, a flags byte (bit 0 marker, bits 1–2 the
/// sequence step 1, 2, 0 or -1, bit 3 a new timestamp), then the payload.
/// </summary>
public static class Vp8Target
{
    [ThreadStatic] private static byte[]? _copy;

    public static void Run(ReadOnlySpan<byte> input)
    {
        if (Vp8PayloadDescriptor.TryParse(input, out var vp8)) CheckRewrites(input, vp8);
        Depacketize(input);
    }

    private static void CheckRewrites(ReadOnlySpan<byte> input, in Vp8PayloadDescriptor vp8)
    {
        if (vp8.Length >= input.Length || vp8.Length < 1 || vp8.Length > 6)
            throw new PropertyViolationException($"descriptor length {vp8.Length} in a {input.Length}-byte payload");
        _ = vp8.IsKeyFrame ^ vp8.IsLayerSync ^ vp8.IsNonReferenceFrame ^ (vp8.TemporalLayerIndex + vp8.KeyIndex + vp8.PartitionIndex > 0);

        byte[] copy = _copy ??= new byte[64 * 1024];
        input.CopyTo(copy);
        var payload = copy.AsSpan(0, input.Length);
        if (Vp8PayloadDescriptor.TrySetPictureId(payload, 0x7ABC) != vp8.HasPictureId)
            throw new PropertyViolationException("a picture id can be set exactly when there is one");
        if (Vp8PayloadDescriptor.TrySetTl0PicIdx(payload, 0x5A) != vp8.HasTl0PicIdx)
            throw new PropertyViolationException("TL0PICIDX can be set exactly when there is one");
        if (!Vp8PayloadDescriptor.TryParse(payload, out var after))
            throw new PropertyViolationException("a rewritten descriptor must still parse");
        ushort expectedPictureId = !vp8.HasPictureId ? vp8.PictureId : vp8.PictureIdLength == 2 ? (ushort)0x7ABC : (ushort)0x3C;
        if (after.PictureId != expectedPictureId || after.PictureIdLength != vp8.PictureIdLength
            || after.Tl0PicIdx != (vp8.HasTl0PicIdx ? 0x5A : vp8.Tl0PicIdx) || after.Length != vp8.Length
            || after.IsKeyFrame != vp8.IsKeyFrame || after.TemporalLayerIndex != vp8.TemporalLayerIndex || after.KeyIndex != vp8.KeyIndex)
            throw new PropertyViolationException("rewriting the picture id or TL0PICIDX changed another field");
        if (!payload.Slice(vp8.Length).SequenceEqual(input.Slice(vp8.Length)))
            throw new PropertyViolationException("rewriting the descriptor touched the VP8 payload");
    }

    private static void Depacketize(ReadOnlySpan<byte> input)
    {
        var depacketizer = new Vp8Depacketizer();
        ushort sequence = 65530;
        uint timestamp = 1000;
        int totalIn = 0;
        while (input.Length >= 2)
        {
            int length = Math.Min(input[0], input.Length - 2);
            byte flags = input[1];
            var payload = input.Slice(2, length);
            input = input.Slice(2 + length);
            sequence = (ushort)(sequence + ((flags >> 1) & 3) switch { 0 => 1, 1 => 2, 2 => 0, _ => -1 });
            if ((flags & 0x08) != 0) timestamp += 3000;
            totalIn += length;
            if (depacketizer.Push(sequence, timestamp, (flags & 1) != 0, payload, out var frame))
            {
                if (frame.Length > totalIn) throw new PropertyViolationException($"a {frame.Length}-byte frame from {totalIn} bytes of payload");
                if (Vp8Depacketizer.IsKeyframe(frame, out int width, out int height) && (width > 0x3FFF || height > 0x3FFF))
                    throw new PropertyViolationException("VP8 dimensions are 14 bits");
            }
        }
    }
}
