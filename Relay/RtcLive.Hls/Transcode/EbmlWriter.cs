using System.Buffers.Binary;
using System.Text;

namespace RtcLive.Hls.Transcode;

/// <summary>Just enough EBML (RFC 8794) to write a live Matroska stream: ids, sizes, and the element kinds it uses.</summary>
internal sealed class EbmlWriter(Stream output)
{
    /// <summary>The "unknown" size (all ones in 8 bytes): a live Segment or Cluster whose end is not known yet.</summary>
    public static ReadOnlySpan<byte> UnknownSize => [0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];

    public Stream Output => output;

    public void Id(uint id)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, id);
        int skip = id > 0xFFFFFF ? 0 : id > 0xFFFF ? 1 : id > 0xFF ? 2 : 3;
        output.Write(b[skip..]);
    }

    public void Size(long size)
    {
        int length = 1;
        while (length < 8 && size >= (1L << (7 * length)) - 1) length++;
        Span<byte> b = stackalloc byte[8];
        for (int i = 0; i < length; i++) b[length - 1 - i] = (byte)(size >> (8 * i));
        b[0] |= (byte)(0x80 >> (length - 1));
        output.Write(b[..length]);
    }

    public void UInt(uint id, ulong value)
    {
        int length = 1;
        while (length < 8 && value >> (8 * length) != 0) length++;
        Id(id);
        Size(length);
        for (int i = length - 1; i >= 0; i--) output.WriteByte((byte)(value >> (8 * i)));
    }

    public void Float(uint id, double value)
    {
        Id(id);
        Size(8);
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(b, value);
        output.Write(b);
    }

    public void String(uint id, string value) => Binary(id, Encoding.ASCII.GetBytes(value));

    public void Binary(uint id, ReadOnlySpan<byte> value)
    {
        Id(id);
        Size(value.Length);
        output.Write(value);
    }

    /// <summary>A master element of known size: its body is built first, then written with its length.</summary>
    public void Master(uint id, Action<EbmlWriter> body)
    {
        using var buffer = new MemoryStream();
        body(new EbmlWriter(buffer));
        Id(id);
        Size(buffer.Length);
        buffer.Position = 0;
        buffer.CopyTo(output);
    }
}
