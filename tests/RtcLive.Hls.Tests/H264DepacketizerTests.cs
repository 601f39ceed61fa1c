using RtcLive.Hls.Ingest;
using RtcLive.Hls.Transcode;

namespace RtcLive.Hls.Tests;

/// <summary>
/// The H.264 depacketizer on packets shaped as RFC 6184 lays them out (single NAL unit, STAP-A, FU-A), with parameter
/// sets that x264 wrote (1280x720 and 640x360 baseline, 1920x1080 high with cropping and emulation prevention bytes).
/// </summary>
public class H264DepacketizerTests
{
    private static readonly byte[] Sps720 = Convert.FromHexString("6742c01fda014016ec0440000003004000000f03c60ca8");
    private static readonly byte[] Sps360 = Convert.FromHexString("6742c01eda0280bfe5c044000003000400000300f03c58ba80");
    private static readonly byte[] Sps1080High = Convert.FromHexString("67640028acd940780227e5c044000003000400000300f03c60c658");
    private static readonly byte[] Pps = Convert.FromHexString("68ce0fc8");
    private static readonly byte[] Idr = [0x65, 0x88, 0x84, 0x00, 0x33, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70];
    private static readonly byte[] Slice = [0x41, 0x9a, 0x02, 0x04, 0x06];

    private static byte[] AnnexB(params byte[][] nals) => nals.SelectMany(n => (byte[])[0, 0, 0, 1, .. n]).ToArray();

    private static byte[] StapA(params byte[][] nals) =>
        [0x78, .. nals.SelectMany(n => (byte[])[(byte)(n.Length >> 8), (byte)n.Length, .. n])];

    /// <summary>FU-A fragments of <paramref name="nal"/>: indicator (its NRI, type 28), header (S, E, its type), a slice of its body.</summary>
    private static List<byte[]> FuA(byte[] nal, int pieces)
    {
        var body = nal[1..];
        var fragments = new List<byte[]>();
        int size = (body.Length + pieces - 1) / pieces;
        for (int i = 0; i < pieces; i++)
        {
            byte header = (byte)((i == 0 ? 0x80 : 0) | (i == pieces - 1 ? 0x40 : 0) | (nal[0] & 0x1F));
            int from = i * size, to = Math.Min(body.Length, from + size);
            fragments.Add([(byte)((nal[0] & 0xE0) | 28), header, .. body[from..to]]);
        }
        return fragments;
    }

    private sealed class Feed(H264Depacketizer depacketizer, ushort firstSequence = 65534)
    {
        private ushort _sequence = firstSequence;

        public List<byte[]> Frames { get; } = [];

        public void Send(uint timestamp, bool marker, byte[] payload) => SendAt(_sequence++, timestamp, marker, payload);

        public void LosePacket() => _sequence++;

        public void SendAt(ushort sequence, uint timestamp, bool marker, byte[] payload)
        {
            if (depacketizer.Push(sequence, timestamp, marker, payload, out var frame)) Frames.Add(frame.ToArray());
        }
    }

    [Fact]
    public void Single_nal_unit_packets_make_an_annex_b_keyframe_with_its_size()
    {
        var d = new H264Depacketizer();
        var feed = new Feed(d);
        feed.Send(3000, false, Sps720);
        feed.Send(3000, false, Pps);
        feed.Send(3000, true, Idr);
        var frame = Assert.Single(feed.Frames);
        Assert.Equal(AnnexB(Sps720, Pps, Idr), frame);
        Assert.True(d.IsKeyframe(frame, out int w, out int h));
        Assert.Equal((1280, 720), (w, h));
        Assert.False(d.Damaged);
    }

    [Fact]
    public void Stap_a_parameter_sets_and_an_fu_a_idr_across_a_sequence_wrap_reassemble()
    {
        var d = new H264Depacketizer();
        var feed = new Feed(d, firstSequence: 65534);
        feed.Send(9000, false, StapA(Sps360, Pps));
        var fragments = FuA(Idr, 3);
        for (int i = 0; i < fragments.Count; i++) feed.Send(9000, i == fragments.Count - 1, fragments[i]);
        var frame = Assert.Single(feed.Frames);
        Assert.Equal(AnnexB(Sps360, Pps, Idr), frame);
        Assert.True(H264Depacketizer.IsKeyframeAccessUnit(frame, out int w, out int h));
        Assert.Equal((640, 360), (w, h));

        // A delta frame: one access unit of two slices, not a keyframe.
        feed.Send(12000, false, Slice);
        feed.Send(12000, true, Slice);
        Assert.Equal(AnnexB(Slice, Slice), feed.Frames[1]);
        Assert.False(d.IsKeyframe(feed.Frames[1], out _, out _));
    }

    [Fact]
    public void An_idr_without_its_parameter_sets_gets_the_latest_ones_in_front()
    {
        var feed = new Feed(new H264Depacketizer());
        feed.Send(0, false, StapA(Sps720, Pps));
        feed.Send(0, true, Idr);
        feed.Send(3000, true, Slice);
        feed.Send(6000, true, Idr);
        Assert.Equal(3, feed.Frames.Count);
        Assert.Equal(AnnexB(Sps720, Pps, Idr), feed.Frames[2]);
        Assert.True(H264Depacketizer.IsKeyframeAccessUnit(feed.Frames[2], out _, out _));
    }

    [Fact]
    public void An_idr_with_no_parameter_set_ever_seen_is_not_handed_on()
    {
        var d = new H264Depacketizer();
        var feed = new Feed(d);
        feed.Send(0, true, Idr);
        Assert.Empty(feed.Frames);
        Assert.True(d.Damaged);
    }

    [Fact]
    public void A_lost_fragment_drops_its_access_unit_and_the_next_one_comes_through_damaged()
    {
        var d = new H264Depacketizer();
        var feed = new Feed(d);
        feed.Send(0, false, StapA(Sps720, Pps));
        var fragments = FuA(Idr, 3);
        feed.Send(0, false, fragments[0]);
        feed.LosePacket();
        feed.Send(0, true, fragments[2]);
        Assert.Empty(feed.Frames);
        Assert.True(d.Damaged);

        // The next access unit is whole again; the caller decides (it waits for a keyframe while damaged).
        feed.Send(3000, true, Slice);
        Assert.Equal(AnnexB(Slice), Assert.Single(feed.Frames));
        d.Damaged = false;
        feed.Send(6000, false, StapA(Sps720, Pps));
        feed.Send(6000, true, Idr);
        Assert.Equal(AnnexB(Sps720, Pps, Idr), feed.Frames[1]);
        Assert.False(d.Damaged);
    }

    [Fact]
    public void Late_and_duplicate_packets_are_ignored()
    {
        var feed = new Feed(new H264Depacketizer());
        feed.SendAt(10, 0, false, StapA(Sps720, Pps));
        feed.SendAt(11, 0, true, Idr);
        feed.SendAt(11, 0, true, Idr);
        feed.SendAt(9, 0, true, Idr);
        Assert.Single(feed.Frames);
    }

    [Theory]
    [InlineData("7c c0 88 84")] // FU-A with both S and E set
    [InlineData("7c 40 88 84")] // FU-A end without its start
    [InlineData("7c 98 88 84")] // FU-A fragmenting an aggregate (type 24)
    [InlineData("78 00 09 67 42")] // STAP-A whose NAL size runs past the packet
    [InlineData("78 00 00")] // STAP-A with an empty NAL unit
    [InlineData("78 00 02 68 ce 00")] // STAP-A with a dangling size byte
    [InlineData("79 00 02 68 ce")] // STAP-B: interleaved mode only
    [InlineData("7d 85 88")] // FU-B: interleaved mode only
    [InlineData("60")] // NAL type 0
    [InlineData("")] // nothing
    public void Malformed_packets_yield_no_frame_and_mark_the_stream_damaged(string hex)
    {
        var d = new H264Depacketizer();
        Assert.False(d.Push(1, 0, true, Convert.FromHexString(hex.Replace(" ", "")), out var frame));
        Assert.True(frame.IsEmpty);
        Assert.True(d.Damaged);
        // The rest of that timestamp is dropped; the next access unit is read again.
        Assert.False(d.Push(2, 0, true, Idr, out _));
        Assert.True(d.Push(3, 3000, true, Slice, out frame));
        Assert.Equal(AnnexB(Slice), frame.ToArray());
    }

    [Fact]
    public void The_sps_reader_handles_high_profile_cropping_and_emulation_prevention_and_refuses_cut_short_input()
    {
        Assert.True(H264SequenceParameterSet.TryReadSize(Sps1080High, out int w, out int h));
        Assert.Equal((1920, 1080), (w, h));
        Assert.True(H264SequenceParameterSet.TryReadSize(Sps360, out w, out h));
        Assert.Equal((640, 360), (w, h));
        Assert.False(H264SequenceParameterSet.TryReadSize(Sps720.AsSpan(0, 6), out _, out _));
        Assert.False(H264SequenceParameterSet.TryReadSize(Pps, out _, out _));
        Assert.False(H264SequenceParameterSet.TryReadSize([], out _, out _));
    }

    [Fact]
    public void The_avcc_record_carries_profile_level_and_both_parameter_sets()
    {
        var record = AvcDecoderConfiguration.FromAccessUnit(AnnexB(Sps720, Pps, Idr))!;
        Assert.Equal((byte[])[1, 0x42, 0xc0, 0x1f, 0xff, 0xe1, 0, (byte)Sps720.Length, .. Sps720, 1, 0, (byte)Pps.Length, .. Pps], record);
        Assert.Null(AvcDecoderConfiguration.FromAccessUnit(AnnexB(Pps, Idr)));
    }
}
