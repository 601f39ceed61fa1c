using RtcLive.WebRtc.Rtcp;

namespace RtcLive.WebRtc.Tests.Rtcp;

public class SourceDescriptionAndGoodbyeTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    private static RtcpPacket Single(byte[] datagram)
    {
        Assert.True(RtcpPacket.TryParse(datagram, out var packet));
        return packet;
    }

    [Fact]
    public void Reads_the_CNAME_of_a_browser_SDES()
    {
        byte[] compound = RtcpCompoundReaderTests.SenderReportAndSdes();
        Assert.True(SourceDescription.TryParse(Single(compound.AsSpan(28).ToArray()), out var sdes));
        Assert.Equal(1, sdes.ChunkCount);
        int chunks = 0;
        foreach (SdesChunk chunk in sdes)
        {
            chunks++;
            Assert.Equal(0x6E2D9F01u, chunk.Ssrc);
            Assert.True(chunk.TryGetCanonicalName(out var cname));
            Assert.Equal("rtclive-cname-01"u8.ToArray(), cname.ToArray());
            Assert.False(chunk.TryGetItem(SdesItemType.Email, out _));
        }
        Assert.Equal(1, chunks);
    }

    [Fact]
    public void Reads_several_chunks_with_several_items()
    {
        // chunk 1: CNAME "a", NAME "bob", END, 3 bytes of padding; chunk 2: CNAME "xyz", END, 2 bytes padding
        byte[] datagram = Hex("82CA0007 00000001 010161 0203626F62 00 000000 00000002 010378797A 00 0000");
        Assert.True(SourceDescription.TryParse(Single(datagram), out var sdes));
        var seen = new List<string>();
        foreach (SdesChunk chunk in sdes)
        {
            Assert.True(chunk.TryGetCanonicalName(out var cname));
            seen.Add($"{chunk.Ssrc}:{System.Text.Encoding.ASCII.GetString(cname)}");
            if (chunk.Ssrc == 1)
            {
                Assert.True(chunk.TryGetItem(SdesItemType.Name, out var name));
                Assert.Equal("bob"u8.ToArray(), name.ToArray());
            }
        }
        Assert.Equal(new[] { "1:a", "2:xyz" }, seen);
    }

    [Theory]
    [InlineData("81CA0002 00000001 01026162")]          // no END byte
    [InlineData("82CA0003 00000001 01016100 00000000")]  // second chunk has no END
    [InlineData("81CA0002 00000001 01056162")]          // item longer than the packet
    [InlineData("81CA0000")]                           // a chunk counted but absent
    public void Rejects_malformed_SDES(string hex) => Assert.False(SourceDescription.TryParse(Single(Hex(hex)), out _));

    [Theory]
    [InlineData("rtclive")]          // 2 + 7 + END = 10 → 12
    [InlineData("ab")]               // 2 + 2 + END = 5 → 8
    [InlineData("a")]                // exactly one word with END
    public void CNAME_writer_round_trips_and_pads_with_zeros(string cname)
    {
        byte[] text = System.Text.Encoding.ASCII.GetBytes(cname);
        byte[] buffer = Enumerable.Repeat((byte)0xEE, 64).ToArray();
        int length = SourceDescription.WriteCanonicalName(buffer, 0xABCDEF01, text);
        Assert.Equal(SourceDescription.GetCanonicalNameLength(text.Length), length);
        Assert.Equal(0, length % 4);
        Assert.All(buffer.AsSpan(10 + text.Length, length - 10 - text.Length).ToArray(), b => Assert.Equal(0, b));
        Assert.True(SourceDescription.TryParse(Single(buffer.AsSpan(0, length).ToArray()), out var sdes));
        foreach (SdesChunk chunk in sdes)
        {
            Assert.Equal(0xABCDEF01u, chunk.Ssrc);
            Assert.True(chunk.TryGetCanonicalName(out var read));
            Assert.Equal(text, read.ToArray());
        }
        Assert.Throws<ArgumentException>(() => SourceDescription.WriteCanonicalName(new byte[300], 1, new byte[256]));
        Assert.Throws<ArgumentException>(() => SourceDescription.WriteCanonicalName(new byte[300], 1, ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void Reads_a_BYE_with_and_without_reason()
    {
        Assert.True(Goodbye.TryParse(Single(Hex("81CB0001 6E2D9F01")), out var bye));
        Assert.Equal(1, bye.SourceCount);
        Assert.Equal(0x6E2D9F01u, bye.GetSsrc(0));
        Assert.True(bye.Reason.IsEmpty);

        Assert.True(Goodbye.TryParse(Single(Hex("82CB0004 00000001 00000002 05" + Convert.ToHexString("leave"u8) + "0000")), out bye));
        Assert.Equal(2, bye.SourceCount);
        Assert.Equal(2u, bye.GetSsrc(1));
        Assert.Equal("leave"u8.ToArray(), bye.Reason.ToArray());

        Assert.False(Goodbye.TryParse(Single(Hex("81CB0002 00000001 09616200")), out _)); // reason overruns
        Assert.False(Goodbye.TryParse(Single(Hex("82CB0001 00000001")), out _));         // SSRC missing
    }

    [Fact]
    public void BYE_writer_round_trips()
    {
        byte[] buffer = new byte[64];
        int length = Goodbye.Write(buffer, [7u, 8u, 9u], "ended by moderator"u8);
        Assert.Equal(Goodbye.GetLength(3, 18), length);
        Assert.Equal(0, length % 4);
        Assert.True(Goodbye.TryParse(Single(buffer.AsSpan(0, length).ToArray()), out var bye));
        Assert.Equal(3, bye.SourceCount);
        Assert.Equal(9u, bye.GetSsrc(2));
        Assert.Equal("ended by moderator"u8.ToArray(), bye.Reason.ToArray());

        length = Goodbye.Write(buffer, [7u]);
        Assert.Equal(8, length);
        Assert.Throws<ArgumentException>(() => Goodbye.Write(buffer, new uint[32]));
        Assert.Throws<ArgumentException>(() => Goodbye.Write(new byte[600], [1u], new byte[256]));
    }
}
