using RtcLive.LoadTest.Media;

namespace RtcLive.LoadTest.Tests;

public sealed class ProbeTrailerTests
{
    [Fact]
    public void A_trailer_round_trips_at_the_end_of_any_payload()
    {
        var trailer = new ProbeTrailer(2, true, 513, 3, 10, 0xDEADBEEF, 123_456_789_012);
        var payload = new byte[100];
        payload.AsSpan().Fill(0x11);
        trailer.WriteTo(payload);
        Assert.True(ProbeTrailer.TryRead(payload, out var read));
        Assert.Equal(trailer, read);
        Assert.Equal(0x11, payload[100 - ProbeTrailer.Length - 1]);
        // Bytes in front (an SFU rewriting the VP8 descriptor) do not matter.
        var longer = new byte[130];
        payload.CopyTo(longer.AsSpan(30));
        Assert.True(ProbeTrailer.TryRead(longer, out var again));
        Assert.Equal(trailer, again);
    }

    [Fact]
    public void Payloads_without_a_trailer_are_refused()
    {
        Assert.False(ProbeTrailer.TryRead(new byte[ProbeTrailer.Length - 1], out _));
        Assert.False(ProbeTrailer.TryRead(new byte[60], out _));
        var payload = new byte[40];
        new ProbeTrailer(1, false, 0, 0, 1, 1, 1).WriteTo(payload);
        payload[^14] = 1; // packet index 1 of a 1-packet frame
        Assert.False(ProbeTrailer.TryRead(payload, out _));
    }

    [Fact]
    public void Frame_sizes_average_the_layer_bitrate_with_a_keyframe_every_two_seconds()
    {
        var model = new FrameSizeModel(500_000, seed: 1);
        long bytes = 0;
        int keyframeSize = 0, deltaMax = 0;
        for (int frame = 0; frame < 600; frame++)
        {
            int size = model.NextSize(frame);
            bytes += size;
            if (FrameSizeModel.IsKeyframe(frame)) keyframeSize = size;
            else deltaMax = Math.Max(deltaMax, size);
        }
        double bitrate = bytes * 8 / 20.0;
        Assert.InRange(bitrate, 475_000, 525_000);
        Assert.True(keyframeSize > 3 * deltaMax, $"keyframe {keyframeSize}, largest delta {deltaMax}");
        Assert.True(FrameSizeModel.IsKeyframe(0) && FrameSizeModel.IsKeyframe(60) && !FrameSizeModel.IsKeyframe(30));
    }

    [Fact]
    public void A_first_packet_of_a_keyframe_carries_the_vp8_start_code()
    {
        var payload = new byte[64];
        int written = Vp8PayloadWriter.Write(payload, 0x1234, firstPacket: true, keyframe: true, 640, 360, 2000);
        Assert.Equal(Vp8PayloadWriter.DescriptorLength + Vp8PayloadWriter.KeyframeHeaderLength, written);
        Assert.Equal(0x90, payload[0]);                 // X and S
        Assert.Equal(0x80 | 0x12, payload[2]);         // M bit and the picture id's high bits
        Assert.Equal(0, payload[4] & 1);               // P = 0: a keyframe
        Assert.Equal(new byte[] { 0x9d, 0x01, 0x2a }, payload[7..10]);
        Assert.Equal(640, payload[10] | payload[11] << 8);
        int inter = Vp8PayloadWriter.Write(payload, 1, firstPacket: true, keyframe: false, 640, 360, 2000);
        Assert.Equal(1, payload[4] & 1);
        Assert.Equal(Vp8PayloadWriter.DescriptorLength + Vp8PayloadWriter.InterframeHeaderLength, inter);
        Assert.Equal(Vp8PayloadWriter.DescriptorLength, Vp8PayloadWriter.Write(payload, 1, firstPacket: false, keyframe: true, 640, 360, 2000));
        Assert.Equal(0x80, payload[0]);
    }
}
