using RtcLive.WebRtc.Rtp;

namespace RtcLive.WebRtc.Tests.Rtp;

public class RtpHeaderExtensionTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    private static List<(byte Id, string Value)> ReadAll(RtpHeaderExtensionReader reader, out bool malformed)
    {
        var elements = new List<(byte, string)>();
        while (reader.MoveNext())
            elements.Add((reader.Current.Id, Convert.ToHexString(reader.Current.Value)));
        malformed = reader.IsMalformed;
        return elements;
    }

    [Fact]
    public void One_byte_form_follows_the_RFC_8285_example_with_padding_between_elements()
    {
        // RFC 8285 §4.2 figure: id 1 with 1 byte, id 2 with 2 bytes, padding, id 3 with 4 bytes
        byte[] data = Hex("10 AA 21 BBBB 00 00 33 CCCCCCCC");
        var elements = ReadAll(new RtpHeaderExtensionReader(0xBEDE, data), out bool malformed);
        Assert.False(malformed);
        Assert.Equal(new[] { ((byte)1, "AA"), ((byte)2, "BBBB"), ((byte)3, "CCCCCCCC") }, elements);
    }

    [Fact]
    public void Two_byte_form_allows_ids_above_14_and_empty_values()
    {
        // RFC 8285 §4.3: id, length, value; zero-length element, padding byte, a 17-byte element with id 200
        byte[] data = Hex("01 00 00 C8 11" + new string('E', 34) + "0F 02 1234 000000");
        var reader = new RtpHeaderExtensionReader(0x1000, data);
        Assert.Equal(RtpExtensionForm.TwoByte, reader.Form);
        var elements = ReadAll(reader, out bool malformed);
        Assert.False(malformed);
        Assert.Equal(3, elements.Count);
        Assert.Equal(((byte)1, ""), elements[0]);
        Assert.Equal((byte)200, elements[1].Id);
        Assert.Equal(17, elements[1].Value.Length / 2);
        Assert.Equal(((byte)15, "1234"), elements[2]);
    }

    [Fact]
    public void Any_appbits_value_selects_the_two_byte_form()
    {
        Assert.Equal(RtpExtensionForm.TwoByte, RtpExtensionProfiles.FormOf(0x100F));
        Assert.Equal(RtpExtensionForm.Unknown, RtpExtensionProfiles.FormOf(0x1010));
        Assert.Equal(RtpExtensionForm.OneByte, RtpExtensionProfiles.FormOf(0xBEDE));
    }

    [Fact]
    public void One_byte_id_15_ends_the_block()
    {
        byte[] data = Hex("10 AA F3 11223344 20 BB");
        var elements = ReadAll(new RtpHeaderExtensionReader(0xBEDE, data), out bool malformed);
        Assert.False(malformed);
        Assert.Equal(new[] { ((byte)1, "AA") }, elements);
    }

    [Fact]
    public void An_element_running_past_the_block_stops_the_walk_and_is_flagged()
    {
        byte[] data = Hex("10 AA 23 BBBB");
        var elements = ReadAll(new RtpHeaderExtensionReader(0xBEDE, data), out bool malformed);
        Assert.True(malformed);
        Assert.Equal(new[] { ((byte)1, "AA") }, elements);

        elements = ReadAll(new RtpHeaderExtensionReader(0x1000, Hex("05")), out malformed);
        Assert.True(malformed); // a two-byte element header cut in half
        Assert.Empty(elements);
    }

    /// <summary>Found by ./fuzz.sh (rtp-ext): a one-byte header with id 0 and a nonzero length nibble was read as an
    /// element with id 0 that swallowed the elements after it, and could not be written back.</summary>
    [Fact]
    public void One_byte_id_zero_is_one_byte_of_padding_whatever_its_length_nibble()
    {
        byte[] data = Hex("00000000 01 A0 5F 5F 5F5F5F5FC8FC616240DE23FF40000000 20");
        var elements = ReadAll(new RtpHeaderExtensionReader(0xBEDE, data), out bool malformed);
        Assert.Equal(new[] { ((byte)10, "5F"), ((byte)5, "5F5F5F5FC8FC616240DE23FF40000000") }, elements);
        Assert.True(malformed); // the last header (id 2, one byte) has no value left

        var twoElements = ReadAll(new RtpHeaderExtensionReader(0xBEDE, Hex("0F 10 AA 21 BBBB")), out malformed);
        Assert.False(malformed);
        Assert.Equal(new[] { ((byte)1, "AA"), ((byte)2, "BBBB") }, twoElements);
    }

    [Fact]
    public void Lookup_by_id_finds_the_first_match_and_ignores_id_zero()
    {
        var reader = new RtpHeaderExtensionReader(0xBEDE, Hex("10 AA 21 BBBB 00"));
        Assert.True(reader.TryFind(2, out var value));
        Assert.Equal(new byte[] { 0xBB, 0xBB }, value.ToArray());
        Assert.True(reader.TryFindElement(2, out var element));
        Assert.Equal(3, element.ValueOffset);
        Assert.False(reader.TryFind(3, out _));
        Assert.False(reader.TryFind(0, out _));
    }

    [Fact]
    public void One_byte_writer_builds_a_padded_block_that_reads_back()
    {
        Span<byte> block = stackalloc byte[64];
        var writer = new RtpHeaderExtensionWriter(block, RtpExtensionForm.OneByte);
        Assert.True(writer.TryAdd(4, "0"u8));
        Assert.True(writer.TryAdd(10, "h"u8));
        Assert.True(writer.TryAddAbsSendTime(2, 0x1A2B3C));
        Assert.True(writer.TryAddTransportSequenceNumber(3, 42));
        Assert.Equal(11, writer.DataLength);
        int length = writer.Finish();

        Assert.Equal("BEDE0003" + "4030" + "A068" + "221A2B3C" + "31002A" + "00", Convert.ToHexString(block.Slice(0, length)));
    }

    [Fact]
    public void One_byte_writer_refuses_what_the_form_cannot_carry()
    {
        Span<byte> block = stackalloc byte[64];
        var writer = new RtpHeaderExtensionWriter(block, RtpExtensionForm.OneByte);
        Assert.False(writer.TryAdd(0, "x"u8));
        Assert.False(writer.TryAdd(15, "x"u8));
        Assert.False(writer.TryAdd(1, ReadOnlySpan<byte>.Empty));
        Assert.False(writer.TryAdd(1, new byte[17]));
        Assert.True(writer.TryAdd(14, new byte[16]));
        Assert.Equal(0, new RtpHeaderExtensionWriter(block, RtpExtensionForm.TwoByte).Finish());
    }

    [Fact]
    public void Two_byte_writer_round_trips_long_values_and_high_ids()
    {
        byte[] block = new byte[300];
        var writer = new RtpHeaderExtensionWriter(block, RtpExtensionForm.TwoByte);
        byte[] longValue = Enumerable.Range(0, 255).Select(i => (byte)i).ToArray();
        Assert.True(writer.TryAdd(200, longValue));
        Assert.True(writer.TryAdd(1, ReadOnlySpan<byte>.Empty));
        Assert.False(writer.TryAdd(0, "x"u8));
        Assert.False(writer.TryAdd(2, new byte[256]));
        int length = writer.Finish();
        Assert.Equal(0, length % 4);
        Assert.Equal(0x10, block[0]);
        Assert.Equal(0x00, block[1]);

        var reader = new RtpHeaderExtensionReader(0x1000, block.AsSpan(4, length - 4));
        Assert.True(reader.TryFind(200, out var value));
        Assert.Equal(longValue, value.ToArray());
        Assert.True(reader.TryFind(1, out value));
        Assert.True(value.IsEmpty);
    }

    [Fact]
    public void Writer_stops_when_the_buffer_is_full()
    {
        byte[] block = new byte[8]; // header + one word of data
        var writer = new RtpHeaderExtensionWriter(block, RtpExtensionForm.OneByte);
        Assert.True(writer.TryAdd(1, new byte[3]));
        Assert.False(writer.TryAdd(2, new byte[1]));
        Assert.Equal(8, writer.Finish());
        Assert.Throws<ArgumentException>(() => new RtpHeaderExtensionWriter(new byte[3], RtpExtensionForm.OneByte));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtpHeaderExtensionWriter(new byte[8], RtpExtensionForm.Unknown));
    }

    [Fact]
    public void Rewrites_transport_sequence_number_and_abs_send_time_in_place()
    {
        byte[] packet = ChromeVp8Packet.Create();
        byte[] original = (byte[])packet.Clone();

        Assert.True(RtpHeaderExtensionRewriter.TrySetTransportSequenceNumber(packet, ChromeVp8Packet.TransportCcId, 0xFFFE));
        Assert.True(RtpHeaderExtensionRewriter.TrySetAbsSendTime(packet, ChromeVp8Packet.AbsSendTimeId, 0xABCDEF));
        Assert.True(RtpHeader.TryParse(packet, out var header));
        Assert.True(header.TryGetExtension(ChromeVp8Packet.TransportCcId, out var twcc));
        Assert.Equal("FFFE", Convert.ToHexString(twcc));
        Assert.True(header.TryGetExtension(ChromeVp8Packet.AbsSendTimeId, out var abs));
        Assert.Equal("ABCDEF", Convert.ToHexString(abs));

        int changed = 0;
        for (int i = 0; i < packet.Length; i++)
            if (packet[i] != original[i]) changed++;
        Assert.Equal(5, changed); // only the value bytes moved
    }

    [Fact]
    public void Rewrite_refuses_a_missing_element_or_a_different_length()
    {
        byte[] packet = ChromeVp8Packet.Create();
        Assert.False(RtpHeaderExtensionRewriter.TryRewrite(packet, ChromeVp8Packet.MidId, "10"u8));
        Assert.True(RtpHeaderExtensionRewriter.TryRewrite(packet, ChromeVp8Packet.MidId, "1"u8));
        Assert.False(RtpHeaderExtensionRewriter.TryRewrite(packet, 7, "1"u8));
        Assert.False(RtpHeaderExtensionRewriter.TrySetAbsSendTime(packet, ChromeVp8Packet.TransportCcId, 1));
        Assert.False(RtpHeaderExtensionRewriter.TrySetTransportSequenceNumber(packet, ChromeVp8Packet.MidId, 1));
        Assert.False(RtpHeaderExtensionRewriter.TrySetTransportSequenceNumber(new byte[5], 3, 1));
        Assert.True(RtpHeader.TryParse(packet, out var header));
        Assert.True(header.TryGetExtension(ChromeVp8Packet.MidId, out var mid));
        Assert.True(System.Text.Ascii.Equals(mid, "1"));
    }

    [Theory]
    [InlineData(0L, 0u)]
    [InlineData(1_500_000L, 0x060000u)]            // 1.5 s = 1 + 2^17/2^18 in 6.18
    [InlineData(63_999_999L, 0xFFFFFFu)]           // just under the 64 s wrap
    [InlineData(64_250_000L, 0x010000u)]           // wraps: 0.25 s
    [InlineData(-250_000L, 0xFF0000u)]             // negative times wrap backwards to 63.75 s
    public void Abs_send_time_is_6_18_fixed_point_seconds_modulo_64(long microseconds, uint expected)
    {
        Assert.Equal(expected, AbsSendTimeExtension.FromMicroseconds(microseconds));
    }

    [Fact]
    public void Abs_send_time_converts_back_within_its_resolution()
    {
        uint value = AbsSendTimeExtension.FromMicroseconds(12_345_678);
        long back = AbsSendTimeExtension.ToMicroseconds(value);
        Assert.InRange(12_345_678 - back, 0, 4);
        Span<byte> bytes = stackalloc byte[3];
        AbsSendTimeExtension.Write(bytes, 0x123456);
        Assert.True(AbsSendTimeExtension.TryRead(bytes, out uint read));
        Assert.Equal(0x123456u, read);
        Assert.False(AbsSendTimeExtension.TryRead(bytes.Slice(0, 2), out _));
    }

    [Fact]
    public void Audio_level_carries_the_voice_flag_and_a_7_bit_level()
    {
        Assert.True(AudioLevelExtension.TryRead([0xA1], out bool voice, out byte level));
        Assert.True(voice);
        Assert.Equal(0x21, level);
        Assert.True(AudioLevelExtension.TryRead([0x7F, 0x00], out voice, out level)); // two-byte form padding
        Assert.False(voice);
        Assert.Equal(127, level);
        Assert.False(AudioLevelExtension.TryRead([], out _, out _));

        byte[] value = new byte[1];
        AudioLevelExtension.Write(value, true, 30);
        Assert.Equal(0x9E, value[0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => AudioLevelExtension.Write(value, false, 128));
    }

    [Fact]
    public void Audio_level_is_found_through_the_extension_map()
    {
        Span<byte> block = stackalloc byte[16];
        var writer = new RtpHeaderExtensionWriter(block, RtpExtensionForm.OneByte);
        Assert.True(writer.TryAddAudioLevel(1, true, 42));
        int blockLength = writer.Finish();
        byte[] packet = new byte[64];
        int length = RtpHeaderWriter.Write(packet, new RtpHeaderFields(111, 1, 960, 0xABCD), default, block.Slice(0, blockLength));
        Assert.True(RtpHeader.TryParse(packet.AsSpan(0, length + 3), out var header));
        var map = new RtpExtensionMap();
        Assert.True(map.TrySet(RtpExtensionUris.AudioLevel, 1));
        Assert.True(map.TryGetAudioLevel(header, out bool voice, out byte level));
        Assert.True(voice);
        Assert.Equal(42, level);
    }

    [Fact]
    public void Sdes_items_end_at_the_first_zero_byte()
    {
        Assert.True(SdesItemExtension.TryRead("hi\0\0"u8, out var ascii));
        Assert.Equal("hi"u8.ToArray(), ascii.ToArray());
        Assert.True(SdesItemExtension.TryRead("q"u8, out ascii));
        Assert.Equal("q"u8.ToArray(), ascii.ToArray());
        Assert.False(SdesItemExtension.TryRead("\0x"u8, out _));
        Assert.False(SdesItemExtension.TryRead(ReadOnlySpan<byte>.Empty, out _));
    }

    [Fact]
    public void Transport_sequence_number_reads_the_first_two_bytes_of_the_02_variant()
    {
        Assert.True(TransportSequenceNumberExtension.TryRead([0x12, 0x34, 0x80, 0x05], out ushort sequence));
        Assert.Equal(0x1234, sequence);
        Assert.False(TransportSequenceNumberExtension.TryRead([0x12], out _));
    }
}
