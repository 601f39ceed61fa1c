using RtcLive.WebRtc.Rtcp;

namespace RtcLive.WebRtc.Tests.Rtcp;

public class FeedbackTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    private static RtcpPacket Single(byte[] datagram)
    {
        Assert.True(RtcpPacket.TryParse(datagram, out var packet));
        return packet;
    }

    private static List<ushort> Expand(byte[] packet)
    {
        Assert.True(GenericNack.TryParse(Single(packet), out var nack));
        var lost = new List<ushort>();
        foreach (ushort sequenceNumber in nack.LostSequenceNumbers)
            lost.Add(sequenceNumber);
        return lost;
    }

    private static byte[] WriteNack(params ushort[] lost)
    {
        byte[] buffer = new byte[GenericNack.GetLength(lost)];
        Assert.Equal(buffer.Length, GenericNack.Write(buffer, 1, 0x6E2D9F01, lost));
        return buffer;
    }

    [Fact]
    public void Reads_a_generic_NACK()
    {
        // PID 100, BLP 0x8001: 100, 101 and 116 lost
        byte[] packet = Hex("81CD0003 00000001 6E2D9F01 00648001");
        Assert.True(GenericNack.TryParse(Single(packet), out var nack));
        Assert.Equal(1u, nack.SenderSsrc);
        Assert.Equal(0x6E2D9F01u, nack.MediaSsrc);
        Assert.Equal(1, nack.PairCount);
        Assert.Equal(((ushort)100, (ushort)0x8001), nack.GetPair(0));
        Assert.Equal(new ushort[] { 100, 101, 116 }, Expand(packet));

        Span<ushort> destination = stackalloc ushort[2];
        Assert.Equal(2, nack.CopyLostSequenceNumbers(destination)); // stops when full
        Assert.Equal(101, destination[1]);
    }

    [Fact]
    public void NACK_writer_packs_into_the_fewest_pairs()
    {
        byte[] packet = WriteNack(100, 101, 116);
        Assert.Equal("81CD0003" + "00000001" + "6E2D9F01" + "00648001", Convert.ToHexString(packet));
    }

    [Fact]
    public void NACK_pairs_cross_the_65535_to_0_wrap()
    {
        byte[] packet = WriteNack(65534, 65535, 0, 1);
        Assert.Equal(16, packet.Length);
        Assert.Equal("FFFE0007", Convert.ToHexString(packet, 12, 4));
        Assert.Equal(new ushort[] { 65534, 65535, 0, 1 }, Expand(packet));
    }

    [Theory]
    [InlineData(16, 1)] // PID + 16 is the last bit of BLP
    [InlineData(17, 2)] // one further needs a new pair
    public void NACK_gap_of_more_than_16_starts_a_new_pair(int gap, int pairs)
    {
        ushort[] lost = [10, (ushort)(10 + gap)];
        byte[] packet = WriteNack(lost);
        Assert.True(GenericNack.TryParse(Single(packet), out var nack));
        Assert.Equal(pairs, nack.PairCount);
        Assert.Equal(lost, Expand(packet));
    }

    [Fact]
    public void NACK_of_a_long_burst_uses_17_sequence_numbers_per_pair()
    {
        ushort[] lost = Enumerable.Range(0, 40).Select(i => (ushort)(65530 + i)).ToArray();
        byte[] packet = WriteNack(lost);
        Assert.True(GenericNack.TryParse(Single(packet), out var nack));
        Assert.Equal(3, nack.PairCount);
        Assert.Equal(((ushort)65530, (ushort)0xFFFF), nack.GetPair(0));
        Assert.Equal(((ushort)11, (ushort)0xFFFF), nack.GetPair(1));
        Assert.Equal(((ushort)28, (ushort)0x001F), nack.GetPair(2));
        Assert.Equal(lost, Expand(packet));
    }

    [Fact]
    public void NACK_writer_tolerates_duplicates_and_disorder()
    {
        Assert.Equal(new ushort[] { 5, 6 }, Expand(WriteNack(5, 5, 6, 6)));
        Assert.Equal(new ushort[] { 20, 10 }, Expand(WriteNack(20, 10)));
        Assert.Throws<ArgumentException>(() => GenericNack.Write(new byte[64], 1, 2, ReadOnlySpan<ushort>.Empty));
        Assert.Throws<ArgumentException>(() => GenericNack.Write(new byte[15], 1, 2, [1]));
    }

    [Fact]
    public void NACK_reader_rejects_other_feedback_and_short_bodies()
    {
        Assert.False(GenericNack.TryParse(Single(Hex("81CE0003 00000001 6E2D9F01 00648001")), out _)); // PSFB
        Assert.False(GenericNack.TryParse(Single(Hex("8FCD0003 00000001 6E2D9F01 00648001")), out _)); // FMT 15
        Assert.False(GenericNack.TryParse(Single(Hex("81CD0001 00000001")), out _));
        Assert.True(GenericNack.TryParse(Single(Hex("81CD0002 00000001 6E2D9F01")), out var empty));
        Assert.Equal(0, empty.PairCount);
        Assert.Empty(Expand(Hex("81CD0002 00000001 6E2D9F01")));
    }

    [Fact]
    public void PLI_round_trips()
    {
        byte[] packet = Hex("81CE0002 00000001 6E2D9F01");
        Assert.True(PictureLossIndication.TryParse(Single(packet), out var pli));
        Assert.Equal(1u, pli.SenderSsrc);
        Assert.Equal(0x6E2D9F01u, pli.MediaSsrc);

        byte[] written = new byte[PictureLossIndication.Length];
        Assert.Equal(12, PictureLossIndication.Write(written, 1, 0x6E2D9F01));
        Assert.Equal(packet, written);
        Assert.False(PictureLossIndication.TryParse(Single(Hex("84CE0002 00000001 6E2D9F01")), out _));
        Assert.Throws<ArgumentException>(() => PictureLossIndication.Write(new byte[11], 1, 2));
    }

    [Fact]
    public void FIR_round_trips_with_its_sequence_number()
    {
        byte[] packet = Hex("84CE0004 00000001 00000000 6E2D9F01 07000000");
        Assert.True(FullIntraRequest.TryParse(Single(packet), out var fir));
        Assert.Equal(1u, fir.SenderSsrc);
        Assert.Equal(1, fir.EntryCount);
        Assert.Equal(new FullIntraRequestEntry(0x6E2D9F01, 7), fir.GetEntry(0));

        byte[] written = new byte[20];
        Assert.Equal(20, FullIntraRequest.Write(written, 1, 0x6E2D9F01, 7));
        Assert.Equal(packet, written);

        byte[] two = new byte[FullIntraRequest.GetLength(2)];
        FullIntraRequest.Write(two, 9, [new FullIntraRequestEntry(1, 255), new FullIntraRequestEntry(2, 0)]);
        Assert.True(FullIntraRequest.TryParse(Single(two), out fir));
        Assert.Equal(new FullIntraRequestEntry(2, 0), fir.GetEntry(1));
        Assert.False(FullIntraRequest.TryParse(Single(Hex("84CE0002 00000001 00000000")), out _)); // no entry
    }

    [Fact]
    public void Reads_a_REMB_of_1_7_Mbit_per_second()
    {
        // exponent 3, mantissa 212500 (0x33E14): 212500 × 8 = 1,700,000
        byte[] packet = Hex("8FCE0005 00000001 00000000 52454D42 01 0F3E14 6E2D9F01");
        Assert.True(ReceiverEstimatedMaxBitrate.TryParse(Single(packet), out var remb));
        Assert.Equal(1u, remb.SenderSsrc);
        Assert.Equal(1_700_000ul, remb.Bitrate);
        Assert.Equal(1, remb.SsrcCount);
        Assert.Equal(0x6E2D9F01u, remb.GetSsrc(0));

        byte[] written = new byte[ReceiverEstimatedMaxBitrate.GetLength(1)];
        ReceiverEstimatedMaxBitrate.Write(written, 1, 1_700_000, [0x6E2D9F01u]);
        Assert.Equal(packet, written);
    }

    [Theory]
    [InlineData(0ul, 0ul)]
    [InlineData(262_143ul, 262_143ul)]                      // largest mantissa, exponent 0
    [InlineData(262_144ul, 262_144ul)]                      // exponent 1
    [InlineData(262_145ul, 262_144ul)]                      // low bit lost, rounded down
    [InlineData(1_000_000_000_000ul, 999_997_571_072ul)]    // 1 Tbit/s keeps 18 significant bits
    [InlineData(ulong.MaxValue, 0xFFFFC00000000000ul)]      // exponent 46
    public void REMB_exponent_and_mantissa_round_down(ulong bitrate, ulong expected)
    {
        Assert.Equal(expected, ReceiverEstimatedMaxBitrate.Quantize(bitrate));
        byte[] buffer = new byte[ReceiverEstimatedMaxBitrate.GetLength(0)];
        ReceiverEstimatedMaxBitrate.Write(buffer, 5, bitrate, ReadOnlySpan<uint>.Empty);
        Assert.True(ReceiverEstimatedMaxBitrate.TryParse(Single(buffer), out var remb));
        Assert.Equal(expected, remb.Bitrate);
        Assert.Equal(0, remb.SsrcCount);
    }

    [Fact]
    public void REMB_beyond_64_bits_saturates_and_foreign_application_feedback_is_refused()
    {
        Assert.True(ReceiverEstimatedMaxBitrate.TryParse(Single(Hex("8FCE0004 00000001 00000000 52454D42 00 FFFFFF")), out var remb));
        Assert.Equal(ulong.MaxValue, remb.Bitrate);   // exponent 63, mantissa 2^18 − 1
        Assert.True(ReceiverEstimatedMaxBitrate.TryParse(Single(Hex("8FCE0004 00000001 00000000 52454D42 00 FC0001")), out remb));
        Assert.Equal(1ul << 63, remb.Bitrate);        // exponent 63, mantissa 1 still fits
        Assert.False(ReceiverEstimatedMaxBitrate.TryParse(Single(Hex("8FCE0004 00000001 00000000 41424344 00 0F3E14")), out _));
        Assert.False(ReceiverEstimatedMaxBitrate.TryParse(Single(Hex("8FCE0004 00000001 00000000 52454D42 01 0F3E14")), out _)); // SSRC missing
        Assert.Throws<ArgumentException>(() => ReceiverEstimatedMaxBitrate.Write(new byte[2000], 1, 1, new uint[256]));
    }
}
