using RtcLive.Sfu.Forwarding;

namespace RtcLive.Sfu.Tests.Forwarding;

public class RtpPacketCacheTests
{
    private const uint Ssrc = 0xA1B2C3D4;
    private readonly byte[] _destination = new byte[1500];

    private byte[]? Get(RtpPacketCache cache, ushort sequenceNumber) =>
        cache.TryGet(sequenceNumber, _destination, out int length) ? _destination[..length] : null;

    [Fact]
    public void A_stored_packet_comes_back_byte_for_byte()
    {
        var cache = new RtpPacketCache();
        Assert.Equal((512, 1500), (cache.Capacity, cache.SlotSize));
        Assert.Null(cache.Ssrc);
        byte[] packet = TestPackets.Vp8(Ssrc, 1000, 90_000, 77, 3, keyframe: true, fillerLength: 1100);
        Assert.True(cache.Store(packet));
        Assert.Equal(Ssrc, cache.Ssrc);
        Assert.Equal(packet, Get(cache, 1000));
        Assert.Null(Get(cache, 1001));
        Assert.Null(Get(cache, 999));
    }

    [Fact]
    public void Packets_across_the_sequence_wraparound_are_all_found()
    {
        var cache = new RtpPacketCache(capacity: 16);
        var stored = new Dictionary<ushort, byte[]>();
        for (int i = 0; i < 10; i++)
        {
            ushort sequence = (ushort)(65530 + i);
            stored[sequence] = TestPackets.Audio(Ssrc, sequence, (uint)(960 * i));
            Assert.True(cache.Store(stored[sequence]));
        }
        foreach (var (sequence, packet) in stored)
            Assert.Equal(packet, Get(cache, sequence));
    }

    [Fact]
    public void The_oldest_packets_are_evicted_once_the_capacity_is_passed()
    {
        var cache = new RtpPacketCache(capacity: 16);
        for (ushort sequence = 100; sequence < 100 + 16; sequence++)
            cache.Store(TestPackets.Audio(Ssrc, sequence, sequence));
        Assert.NotNull(Get(cache, 100));

        cache.Store(TestPackets.Audio(Ssrc, 116, 116));   // reuses 100's slot
        Assert.Null(Get(cache, 100));
        Assert.NotNull(Get(cache, 101));
        Assert.NotNull(Get(cache, 116));
    }

    [Fact]
    public void A_lost_packet_is_not_served_from_its_slots_previous_lap()
    {
        var cache = new RtpPacketCache(capacity: 16);
        cache.Store(TestPackets.Audio(Ssrc, 5, 0));
        // Every packet whose slot is 5 is lost, for a whole lap of the sequence space and a bit more.
        for (int step = 1; step <= 65536 + 3; step++)
            if (((5 + step) & 15) != 5)
                cache.Store(TestPackets.Audio(Ssrc, (ushort)(5 + step), 0));
        Assert.NotNull(Get(cache, 8));
        Assert.Null(Get(cache, 5)); // within the window again, but the slot's packet is 65536 numbers old
    }

    [Fact]
    public void A_late_packet_within_the_window_is_kept_but_one_behind_it_is_refused()
    {
        var cache = new RtpPacketCache(capacity: 16);
        for (ushort sequence = 200; sequence < 230; sequence++)
            if (sequence != 220)
                cache.Store(TestPackets.Audio(Ssrc, sequence, sequence));
        byte[] late = TestPackets.Audio(Ssrc, 220, 220);
        Assert.True(cache.Store(late));
        Assert.Equal(late, Get(cache, 220));

        Assert.False(cache.Store(TestPackets.Audio(Ssrc, 213, 213))); // would evict 229
        Assert.NotNull(Get(cache, 229));
        Assert.Null(Get(cache, 213));
    }

    [Fact]
    public void A_new_ssrc_makes_the_old_packets_unreachable()
    {
        var cache = new RtpPacketCache(capacity: 16);
        cache.Store(TestPackets.Audio(Ssrc, 10, 0));
        cache.Store(TestPackets.Audio(Ssrc + 1, 11, 0));
        Assert.Equal(Ssrc + 1, cache.Ssrc);
        Assert.Null(Get(cache, 10));
        Assert.NotNull(Get(cache, 11));
    }

    [Fact]
    public void Oversized_malformed_and_undeliverable_packets_are_refused()
    {
        var cache = new RtpPacketCache(capacity: 16, slotSize: 200);
        Assert.False(cache.Store(TestPackets.Audio(Ssrc, 1, 0, payloadLength: 189)));
        Assert.True(cache.Store(TestPackets.Audio(Ssrc, 2, 0, payloadLength: 188)));
        Assert.False(cache.Store(new byte[] { 0x40, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1 })); // version 1
        Assert.False(cache.Store(new byte[5]));
        Assert.False(cache.TryGet(2, new byte[199], out int length));
        Assert.Equal(0, length);
        Assert.True(cache.TryGet(2, new byte[200], out length));
        Assert.Equal(200, length);
    }

    [Theory]
    [InlineData(0, 1500)]
    [InlineData(8, 1500)]
    [InlineData(500, 1500)]
    [InlineData(65536, 1500)]
    [InlineData(512, 11)]
    public void Sizes_are_checked(int capacity, int slotSize) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtpPacketCache(capacity, slotSize));

    [Fact]
    public void A_reader_on_another_thread_never_gets_a_torn_packet()
    {
        // The writer fills every packet's payload with one byte value derived from its sequence number;
        // a torn copy would mix two packets.
        var cache = new RtpPacketCache(capacity: 16, slotSize: 1200);
        var packets = new byte[64][];
        for (int i = 0; i < packets.Length; i++)
        {
            packets[i] = TestPackets.Audio(Ssrc, (ushort)i, 0, payloadLength: 1100);
            packets[i].AsSpan(12).Fill((byte)i);
        }
        int stop = 0, written = 0, hits = 0, torn = 0;
        var writer = new Thread(() =>
        {
            for (int round = 0; round < 200_000; round++)
            {
                byte[] packet = packets[round % packets.Length];
                packet[2] = (byte)(round >> 8);
                packet[3] = (byte)round;
                packet.AsSpan(12).Fill((byte)round);
                cache.Store(packet);
                Volatile.Write(ref written, round);
            }
            Volatile.Write(ref stop, 1);
        });
        var reader = new Thread(() =>
        {
            byte[] destination = new byte[1200];
            for (int attempt = 0; Volatile.Read(ref stop) == 0; attempt++)
            {
                // Aim at the newest few packets, the slots the writer is about to reuse.
                ushort sequence = (ushort)(Volatile.Read(ref written) - attempt % 16);
                if (!cache.TryGet(sequence, destination, out int length))
                    continue;
                hits++;
                byte expected = (byte)sequence;
                if (destination[2] != (byte)(sequence >> 8) || destination[3] != expected || destination.AsSpan(12, length - 12).IndexOfAnyExcept(expected) >= 0)
                    torn++;
            }
        });
        writer.Start();
        reader.Start();
        writer.Join();
        reader.Join();
        Assert.Equal(0, torn);
        Assert.True(hits > 0, "the reader never found a packet");
    }
}
