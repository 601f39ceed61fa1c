using RtcLive.Sfu.Forwarding;
using RtcLive.WebRtc.Codecs;
using RtcLive.WebRtc.Rtp;

namespace RtcLive.Sfu.Tests.Forwarding;

public class Vp8PictureIdRewriterTests
{
    private static byte[] Payload(ushort pictureId, byte tl0PicIdx, int pictureIdBits = 15, bool keyframe = false)
    {
        byte[] packet = TestPackets.Vp8(1, 1, 1, pictureId, tl0PicIdx, keyframe, pictureIdBits: pictureIdBits, fillerLength: 8);
        Assert.True(RtpHeader.TryParse(packet, out var header));
        return header.Payload.ToArray();
    }

    /// <summary>Rewrites a fresh payload and returns what the subscriber would read.</summary>
    private static (int PictureId, int Tl0PicIdx, int Width) Rewrite(Vp8PictureIdRewriter rewriter, ushort pictureId, byte tl0PicIdx, int bits = 15)
    {
        byte[] payload = Payload(pictureId, tl0PicIdx, bits);
        byte[] body = payload[^9..];
        rewriter.Rewrite(payload);
        Assert.Equal(body, payload[^9..]); // the VP8 payload header and data are untouched
        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out var descriptor));
        return (descriptor.PictureId, descriptor.Tl0PicIdx, descriptor.PictureIdLength);
    }

    [Fact]
    public void The_first_source_keeps_its_numbers()
    {
        var rewriter = new Vp8PictureIdRewriter();
        Assert.Equal((1234, 56, 2), Rewrite(rewriter, 1234, 56));
        Assert.Equal((1235, 57, 2), Rewrite(rewriter, 1235, 57));
        Assert.Equal(new Vp8PictureIdOffsets(0, 0), rewriter.Offsets);
    }

    [Fact]
    public void A_new_source_continues_at_the_newest_plus_one_and_keeps_its_own_steps()
    {
        var rewriter = new Vp8PictureIdRewriter();
        Rewrite(rewriter, 100, 10);
        Rewrite(rewriter, 101, 11);
        rewriter.ResetSource();
        Assert.Equal((102, 12, 2), Rewrite(rewriter, 9000, 200));
        Assert.Equal((102, 12, 2), Rewrite(rewriter, 9000, 200)); // second packet of the same picture
        Assert.Equal((104, 14, 2), Rewrite(rewriter, 9002, 202)); // a picture lost upstream stays a gap
        Assert.Equal(new Vp8PictureIdOffsets((ushort)((102 - 9000) & 0x7FFF), unchecked((byte)(12 - 200))), rewriter.Offsets);
    }

    [Fact]
    public void Fifteen_bit_ids_wrap_modulo_32768_on_both_sides()
    {
        var rewriter = new Vp8PictureIdRewriter();
        Rewrite(rewriter, 32766, 0);
        Assert.Equal(32767, Rewrite(rewriter, 32767, 1).PictureId);
        Assert.Equal(0, Rewrite(rewriter, 0, 2).PictureId);
        rewriter.ResetSource();
        Assert.Equal(1, Rewrite(rewriter, 32767, 3).PictureId);   // new source just before its own wrap
        Assert.Equal(2, Rewrite(rewriter, 0, 4).PictureId);
        Assert.Equal(2, rewriter.NewestPictureId);
    }

    [Fact]
    public void Seven_bit_ids_keep_their_width_and_wrap_at_128()
    {
        var rewriter = new Vp8PictureIdRewriter();
        Rewrite(rewriter, 125, 0, bits: 15);
        rewriter.ResetSource();
        Assert.Equal((126, 1, 1), Rewrite(rewriter, 40, 9, bits: 7));
        Assert.Equal((127, 2, 1), Rewrite(rewriter, 41, 10, bits: 7));
        Assert.Equal((0, 3, 1), Rewrite(rewriter, 42, 11, bits: 7));
        rewriter.ResetSource();
        // Back to a 15-bit source: it continues from the 15-bit counter, whose low 7 bits the receiver saw.
        Assert.Equal((129, 4, 2), Rewrite(rewriter, 7000, 50));
    }

    [Fact]
    public void A_seven_bit_stream_wrapping_many_times_keeps_advancing_the_newest()
    {
        var rewriter = new Vp8PictureIdRewriter();
        for (int i = 0; i < 300; i++)
            Rewrite(rewriter, (ushort)(i & 0x7F), (byte)i, bits: 7);
        Assert.Equal(299, rewriter.NewestPictureId);
        rewriter.ResetSource();
        Assert.Equal(300, Rewrite(rewriter, 5, 0).PictureId);
    }

    [Fact]
    public void Late_packets_map_with_the_same_delta_and_do_not_move_the_newest()
    {
        var rewriter = new Vp8PictureIdRewriter();
        Rewrite(rewriter, 10, 1);
        rewriter.ResetSource();
        Rewrite(rewriter, 500, 40);   // → 11, 2
        Rewrite(rewriter, 502, 42);   // → 13, 4
        Assert.Equal((12, 3, 2), Rewrite(rewriter, 501, 41));
        Assert.Equal(13, rewriter.NewestPictureId);
        Assert.Equal(4, rewriter.NewestTl0PicIdx);
    }

    [Fact]
    public void Payloads_without_the_fields_are_left_alone_and_the_anchor_waits_for_a_picture_id()
    {
        var rewriter = new Vp8PictureIdRewriter();
        Rewrite(rewriter, 20, 5);
        rewriter.ResetSource();

        byte[] bare = [0x10, 0x00, 0xAA, 0xBB]; // no X: no picture id, no TL0PICIDX
        byte[] copy = (byte[])bare.Clone();
        rewriter.Rewrite(bare);
        Assert.Equal(copy, bare);

        Assert.Equal((21, 6, 2), Rewrite(rewriter, 3000, 77));

        byte[] empty = [];
        Assert.Equal(rewriter.Offsets, rewriter.Rewrite(empty));
    }

    [Fact]
    public void Apply_reproduces_a_recorded_rewrite_after_the_offsets_moved_on()
    {
        var rewriter = new Vp8PictureIdRewriter();
        Rewrite(rewriter, 100, 1);
        rewriter.ResetSource();
        byte[] original = Payload(8000, 90);
        byte[] cached = (byte[])original.Clone();
        Vp8PictureIdOffsets offsets = rewriter.Rewrite(original);

        rewriter.ResetSource();
        Rewrite(rewriter, 20000, 200);   // a later switch changes the offsets

        Assert.True(Vp8PictureIdRewriter.Apply(cached, offsets));
        Assert.Equal(original, cached);
        Assert.False(Vp8PictureIdRewriter.Apply([], offsets));
    }
}
