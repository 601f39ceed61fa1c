using RtcLive.WebRtc.Rtcp;

namespace RtcLive.WebRtc.Tests.Rtcp;

public class TransportCcFeedbackTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    private static RtcpPacket Single(byte[] datagram)
    {
        Assert.True(RtcpPacket.TryParse(datagram, out var packet));
        return packet;
    }

    private static List<TransportCcPacketStatus> ReadAll(byte[] packet)
    {
        Assert.True(TransportCcFeedback.TryParse(Single(packet), out var feedback));
        var statuses = new List<TransportCcPacketStatus>();
        foreach (var status in feedback)
            statuses.Add(status);
        Assert.Equal(feedback.PacketStatusCount, statuses.Count);
        return statuses;
    }

    private static byte[] Write(TransportCcPacketStatus[] packets, out int written, int bufferSize = 1500, byte count = 0)
    {
        byte[] buffer = new byte[bufferSize];
        int length = TransportCcFeedback.Write(buffer, 1, 0x6E2D9F01, count, packets, out written);
        Assert.Equal(0, length % 4);
        Assert.InRange(length, TransportCcFeedback.MinLength, bufferSize);
        return buffer.AsSpan(0, length).ToArray();
    }

    /// <summary>What a reader sees for an entry: arrival rounded down to 250 µs; gaps filled as not received.</summary>
    private static List<TransportCcPacketStatus> Expected(IEnumerable<TransportCcPacketStatus> packets)
    {
        var list = packets.ToList();
        var expected = new List<TransportCcPacketStatus>();
        ushort first = list[0].SequenceNumber;
        int index = 0;
        int last = (ushort)(list[^1].SequenceNumber - first);
        for (int offset = 0; offset <= last; offset++)
        {
            ushort sequenceNumber = (ushort)(first + offset);
            if (index < list.Count && list[index].SequenceNumber == sequenceNumber)
            {
                var entry = list[index++];
                expected.Add(entry.Received
                    ? TransportCcPacketStatus.Arrived(sequenceNumber, entry.ArrivalTimeMicroseconds / 250 * 250)
                    : TransportCcPacketStatus.NotReceived(sequenceNumber));
            }
            else
            {
                expected.Add(TransportCcPacketStatus.NotReceived(sequenceNumber));
            }
        }
        return expected;
    }

    // base 100, five packets: small delta, lost, small, large (negative), small (the largest small delta, 255)
    private const string HandBuilt =
        "8FCD0006 00000001 6E2D9F01" + "0064 0005 000001 07" + "D190" + "04 0A FFFE FF" + "00";

    private static readonly TransportCcPacketStatus[] HandBuiltStatuses =
    [
        TransportCcPacketStatus.Arrived(100, 65_000),
        TransportCcPacketStatus.NotReceived(101),
        TransportCcPacketStatus.Arrived(102, 67_500),
        TransportCcPacketStatus.Arrived(103, 67_000),
        TransportCcPacketStatus.Arrived(104, 130_750),
    ];

    [Fact]
    public void Reads_a_hand_built_feedback_with_a_two_bit_vector_chunk()
    {
        byte[] packet = Hex(HandBuilt);
        Assert.True(TransportCcFeedback.TryParse(Single(packet), out var feedback));
        Assert.Equal(1u, feedback.SenderSsrc);
        Assert.Equal(0x6E2D9F01u, feedback.MediaSsrc);
        Assert.Equal(100, feedback.BaseSequenceNumber);
        Assert.Equal(5, feedback.PacketStatusCount);
        Assert.Equal(1, feedback.ReferenceTime);
        Assert.Equal(64_000, feedback.ReferenceTimeMicroseconds);
        Assert.Equal(7, feedback.FeedbackPacketCount);
        Assert.Equal(HandBuiltStatuses, ReadAll(packet));
    }

    [Fact]
    public void Writer_produces_the_hand_built_bytes_from_explicit_or_implied_losses()
    {
        Assert.Equal(HandBuilt.Replace(" ", ""), Convert.ToHexString(Write(HandBuiltStatuses, out int written, count: 7)));
        Assert.Equal(5, written);

        TransportCcPacketStatus[] withGap = HandBuiltStatuses.Where(s => s.Received).ToArray();
        Assert.Equal(HandBuilt.Replace(" ", ""), Convert.ToHexString(Write(withGap, out written, count: 7)));
        Assert.Equal(4, written);
    }

    [Fact]
    public void A_long_run_of_received_packets_becomes_one_run_length_chunk()
    {
        var packets = Enumerable.Range(0, 20).Select(i => TransportCcPacketStatus.Arrived((ushort)(500 + i), 1_000_000 + i * 5_000L)).ToArray();
        byte[] packet = Write(packets, out int written);
        Assert.Equal(20, written);
        // 20 × symbol 1 → run-length chunk 0 01 0000000010100
        Assert.Equal("2014", Convert.ToHexString(packet, 20, 2));
        Assert.Equal(20 + 2 + 20, packet.Length - 2); // 20 one-byte deltas, 2 bytes of zero padding
        Assert.Equal(Expected(packets), ReadAll(packet));
    }

    [Fact]
    public void Alternating_loss_uses_one_bit_vector_chunks()
    {
        var packets = Enumerable.Range(0, 28).Where(i => i % 2 == 0)
            .Select(i => TransportCcPacketStatus.Arrived((ushort)i, 10_000_000 + i * 1_000L)).ToArray();
        byte[] packet = Write(packets, out int written);
        Assert.Equal(14, written);
        Assert.Equal(27, ReadAll(packet).Count); // 0..26: the last entry ends the range
        // 1 0 | 10101010101010 and the next 13 symbols, padded with "not received"
        Assert.Equal("AAAA", Convert.ToHexString(packet, 20, 2));
        Assert.Equal(Expected(packets), ReadAll(packet));
    }

    /// <summary>Found by ./fuzz.sh (rtcp-fb): reference time 0x800000 (the most negative 24-bit value) and a negative first
    /// delta put the arrival below the field's range; written again, the reference wraps to the top of the range. The
    /// times then differ by exactly one wrap (2^24 × 64 ms), which receivers unwrap, never by anything else.</summary>
    [Fact]
    public void A_reference_time_at_the_edge_of_its_range_round_trips_up_to_one_wrap()
    {
        var read = ReadAll(Hex("8FCD0006 00000001 6E2EB401 0064 0005 800000 00 0003 E8 0A FFFE FF00"));
        var arrived = read.Where(s => s.Received).ToArray();
        Assert.True(arrived[^1].ArrivalTimeMicroseconds < -(1L << 23) * 64_000, "the last arrival lies below the 24-bit reference range");

        var again = ReadAll(Write([.. read], out int written));
        Assert.Equal(read.Count, written);
        long wrap = (1L << 24) * 64_000;
        for (int i = 0; i < read.Count; i++)
        {
            Assert.Equal((read[i].SequenceNumber, read[i].Received), (again[i].SequenceNumber, again[i].Received));
            if (read[i].Received) Assert.Equal(0, (again[i].ArrivalTimeMicroseconds - read[i].ArrivalTimeMicroseconds) % wrap);
        }
        Assert.Equal(arrived[^1].ArrivalTimeMicroseconds + wrap, again.Where(s => s.Received).Last().ArrivalTimeMicroseconds);
    }

    [Fact]
    public void Large_and_negative_deltas_round_trip_exactly()
    {
        TransportCcPacketStatus[] packets =
        [
            TransportCcPacketStatus.Arrived(1, 5_000_123),
            TransportCcPacketStatus.Arrived(2, 5_000_124),      // same 250 µs tick: delta 0
            TransportCcPacketStatus.Arrived(3, 5_064_000),      // 256 ticks later: one too many for a small delta
            TransportCcPacketStatus.Arrived(4, 5_064_250 + 64_000), // 257 ticks
            TransportCcPacketStatus.Arrived(5, 5_000_000),      // arrived "before": negative delta
            TransportCcPacketStatus.Arrived(6, 5_000_000 + 8_191_750), // +32767 ticks, the largest delta
            TransportCcPacketStatus.NotReceived(7),
            TransportCcPacketStatus.Arrived(8, 5_000_000),      // −32767 ticks
        ];
        byte[] packet = Write(packets, out int written);
        Assert.Equal(packets.Length, written);
        Assert.Equal(Expected(packets), ReadAll(packet));
    }

    [Fact]
    public void A_delta_beyond_16_bits_ends_the_packet_and_the_rest_goes_in_the_next()
    {
        TransportCcPacketStatus[] packets =
        [
            TransportCcPacketStatus.Arrived(10, 1_000_000),
            TransportCcPacketStatus.Arrived(11, 1_010_000),
            TransportCcPacketStatus.Arrived(12, 1_010_000 + 8_192_000), // 32768 ticks: does not fit
            TransportCcPacketStatus.Arrived(13, 1_010_000 + 8_200_000),
        ];
        byte[] first = Write(packets, out int written);
        Assert.Equal(2, written);
        Assert.Equal(Expected(packets.Take(2)), ReadAll(first));

        byte[] second = Write(packets[written..], out int writtenNext, count: 1);
        Assert.Equal(2, writtenNext);
        Assert.Equal(Expected(packets.Where((_, i) => i >= 2)), ReadAll(second));
    }

    [Fact]
    public void Missing_packets_across_the_sequence_wrap_are_reported()
    {
        TransportCcPacketStatus[] packets =
        [
            TransportCcPacketStatus.Arrived(65530, 2_000_000),
            TransportCcPacketStatus.Arrived(65534, 2_001_000),
            TransportCcPacketStatus.Arrived(3, 2_002_000),
            TransportCcPacketStatus.Arrived(9000, 2_003_000), // a long hole: a run-length chunk of losses
        ];
        byte[] packet = Write(packets, out int written);
        Assert.Equal(4, written);
        var statuses = ReadAll(packet);
        Assert.Equal(65530, statuses[0].SequenceNumber);
        Assert.Equal((ushort)(9000 - 65530 + 65536 + 1), statuses.Count);
        Assert.Equal(4, statuses.Count(s => s.Received));
        Assert.Equal(Expected(packets), statuses);
        Assert.True(packet.Length < 40); // the hole costs a couple of chunks, not thousands of symbols
    }

    [Fact]
    public void Only_lost_packets_give_reference_time_zero_and_no_deltas()
    {
        TransportCcPacketStatus[] packets = [TransportCcPacketStatus.NotReceived(1), TransportCcPacketStatus.NotReceived(2)];
        byte[] packet = Write(packets, out _);
        Assert.True(TransportCcFeedback.TryParse(Single(packet), out var feedback));
        Assert.Equal(0, feedback.ReferenceTime);
        Assert.Equal(Expected(packets), ReadAll(packet));
        Assert.Equal(24, packet.Length);
    }

    [Fact]
    public void A_small_destination_takes_as_many_packets_as_fit()
    {
        // alternating large and small deltas force two-bit chunks and 3 bytes of deltas per pair
        var random = new Random(7);
        long time = 3_000_000;
        var packets = new TransportCcPacketStatus[200];
        for (int i = 0; i < packets.Length; i++)
        {
            time += i % 2 == 0 ? 70_000 : random.Next(0, 60_000);
            packets[i] = TransportCcPacketStatus.Arrived((ushort)(40_000 + i), time);
        }
        var readBack = new List<TransportCcPacketStatus>();
        int offset = 0, feedbackPackets = 0;
        while (offset < packets.Length)
        {
            byte[] packet = Write(packets[offset..], out int written, bufferSize: 64, count: (byte)feedbackPackets++);
            Assert.InRange(written, 1, packets.Length - offset);
            Assert.Equal(Expected(packets[offset..(offset + written)]), ReadAll(packet));
            readBack.AddRange(ReadAll(packet));
            offset += written;
        }
        Assert.True(feedbackPackets > 5);
        Assert.Equal(Expected(packets), readBack);
    }

    [Fact]
    public void Random_patterns_round_trip_through_as_many_packets_as_needed()
    {
        var random = new Random(20240601);
        for (int trial = 0; trial < 200; trial++)
        {
            int count = random.Next(1, 400);
            var packets = new List<TransportCcPacketStatus>();
            ushort sequenceNumber = (ushort)random.Next(65536);
            long time = random.Next(0, 100_000_000);
            for (int i = 0; i < count; i++)
            {
                sequenceNumber += (ushort)(random.Next(10) == 0 ? random.Next(2, 50) : 1);
                int kind = random.Next(10);
                if (kind == 0)
                {
                    packets.Add(TransportCcPacketStatus.NotReceived(sequenceNumber));
                    continue;
                }
                time += kind switch
                {
                    1 => random.Next(-200_000, 0),          // reordered: negative delta
                    2 => random.Next(64_000, 9_000_000),    // large, sometimes beyond 16 bits
                    _ => random.Next(0, 64_000),            // small
                };
                time = Math.Max(time, 0);
                packets.Add(TransportCcPacketStatus.Arrived(sequenceNumber, time));
            }

            var all = packets.ToArray();
            int offset = 0;
            while (offset < all.Length)
            {
                byte[] packet = Write(all[offset..], out int written, bufferSize: random.Next(24, 400));
                Assert.InRange(written, 1, all.Length - offset);
                Assert.Equal(Expected(all[offset..(offset + written)]), ReadAll(packet));
                offset += written;
            }
        }
    }

    [Theory]
    [InlineData("8FCD0005 00000001 6E2D9F01 0064 0002 000001 07 6002 0000")]    // run-length of reserved symbol 3
    [InlineData("8FCD0005 00000001 6E2D9F01 0064 0002 000001 07 F000 0000")]    // two-bit vector with symbol 3
    [InlineData("8FCD0004 00000001 6E2D9F01 0064 0002 000001 07")]              // chunks missing
    [InlineData("8FCD0005 00000001 6E2D9F01 0064 0003 000001 07 2003 0102")]    // third delta missing
    [InlineData("8FCD0005 00000001 6E2D9F01 0064 0002 000001 07 4002 0102")]    // large delta cut in half
    [InlineData("8FCD0003 00000001 6E2D9F01 0064 0000")]                        // fixed fields cut short
    public void Rejects_malformed_feedback(string hex) => Assert.False(TransportCcFeedback.TryParse(Single(Hex(hex)), out _));

    [Fact]
    public void Reference_time_is_sign_extended_from_24_bits()
    {
        byte[] packet = Hex("8FCD0005 00000001 6E2D9F01 0000 0001 FFFFFF 00 2001 01 00");
        Assert.True(TransportCcFeedback.TryParse(Single(packet), out var feedback));
        Assert.Equal(-1, feedback.ReferenceTime);
        Assert.Equal(new[] { TransportCcPacketStatus.Arrived(0, -64_000 + 250) }, ReadAll(packet));
    }

    [Fact]
    public void A_zero_length_run_is_skipped()
    {
        // run of 0, then a run of 2 received
        byte[] packet = Hex("8FCD0006 00000001 6E2D9F01 0000 0002 000000 00 2000 2002 0102 0000");
        var statuses = ReadAll(packet);
        Assert.Equal(new[] { TransportCcPacketStatus.Arrived(0, 250), TransportCcPacketStatus.Arrived(1, 750) }, statuses);
    }

    [Fact]
    public void Writer_rejects_unusable_arguments()
    {
        var one = new[] { TransportCcPacketStatus.Arrived(1, 0) };
        Assert.Throws<ArgumentException>(() => TransportCcFeedback.Write(new byte[100], 1, 2, 0, ReadOnlySpan<TransportCcPacketStatus>.Empty, out _));
        Assert.Throws<ArgumentException>(() => TransportCcFeedback.Write(new byte[23], 1, 2, 0, one, out _));
        Assert.Throws<ArgumentException>(() => TransportCcFeedback.Write(new byte[100], 1, 2, 0,
            [TransportCcPacketStatus.Arrived(5, 0), TransportCcPacketStatus.Arrived(4, 0)], out _));
        Assert.Throws<ArgumentException>(() => TransportCcFeedback.Write(new byte[100], 1, 2, 0,
            [TransportCcPacketStatus.Arrived(5, 0), TransportCcPacketStatus.NotReceived(5)], out _));
    }
}
