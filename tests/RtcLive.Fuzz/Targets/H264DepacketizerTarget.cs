using RtcLive.Hls.Ingest;
using RtcLive.Hls.Transcode;

namespace RtcLive.Fuzz.Targets;

/// <summary>
/// The HLS worker's H.264 path over hostile RTP: the depacketizer (RFC 6184 single NAL, STAP-A, FU-A into Annex B),
/// the keyframe and SPS size reader, and the avcC record built from a keyframe. The input is a run of packets, each
/// a length byte, a flags byte (marker, sequence step, new timestamp) and that many payload bytes.
/// </summary>
public static class H264DepacketizerTarget
{
    // Start codes add four bytes per NAL unit (each takes at least one input byte); parameter sets put in front add two of at most 256.
    private const int ParameterSetAllowance = 2 * (4 + 256);

    public static void Run(ReadOnlySpan<byte> input)
    {
        var depacketizer = new H264Depacketizer();
        ushort sequence = 65530;
        uint timestamp = 1000;
        int totalIn = 0;
        if (!input.IsEmpty && H264SequenceParameterSet.TryReadSize(input, out int w0, out int h0) && (w0 is <= 0 or > 16384 || h0 is <= 0 or > 16384))
            throw new PropertyViolationException($"an SPS read as {w0}x{h0}");
        while (input.Length >= 2)
        {
            int length = Math.Min(input[0], input.Length - 2);
            byte flags = input[1];
            var payload = input.Slice(2, length);
            input = input[(2 + length)..];
            sequence = (ushort)(sequence + ((flags >> 1) & 3) switch { 0 => 1, 1 => 2, 2 => 0, _ => -1 });
            if ((flags & 0x08) != 0) timestamp += 3000;
            totalIn += length;
            if (!depacketizer.Push(sequence, timestamp, (flags & 1) != 0, payload, out var frame)) continue;
            if (frame.Length > 5 * totalIn + ParameterSetAllowance)
                throw new PropertyViolationException($"a {frame.Length}-byte access unit from {totalIn} bytes of payload");
            if (frame.Length < 5 || !frame[..4].SequenceEqual(AnnexB.StartCode))
                throw new PropertyViolationException("an access unit that does not start with a start code and a NAL header");
            if (depacketizer.IsKeyframe(frame, out int width, out int height))
            {
                if (width is <= 0 or > 16384 || height is <= 0 or > 16384) throw new PropertyViolationException($"a keyframe of {width}x{height}");
                if (AvcDecoderConfiguration.FromAccessUnit(frame) is not [1, ..])
                    throw new PropertyViolationException("a keyframe (it has an SPS) without an avcC record");
            }
        }
    }
}
