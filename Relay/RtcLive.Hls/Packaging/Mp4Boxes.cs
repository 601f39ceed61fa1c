using System.Buffers.Binary;

namespace RtcLive.Hls.Packaging;

/// <summary>Walking ISO BMFF boxes in memory: enough to read an init segment's tracks and a fragment's timing.</summary>
internal static class Mp4Boxes
{
    /// <summary>The children of a box body (or of a whole buffer of top-level boxes): (type, body).</summary>
    public static IEnumerable<(string Type, ReadOnlyMemory<byte> Body)> Children(ReadOnlyMemory<byte> data)
    {
        int at = 0;
        while (at + 8 <= data.Length)
        {
            var span = data.Span;
            long size = BinaryPrimitives.ReadUInt32BigEndian(span[at..]);
            string type = System.Text.Encoding.ASCII.GetString(span.Slice(at + 4, 4));
            int header = 8;
            if (size == 1 && at + 16 <= data.Length)
            {
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(span[(at + 8)..]);
                header = 16;
            }
            else if (size == 0)
            {
                size = data.Length - at;
            }
            if (size < header || at + size > data.Length) yield break;
            yield return (type, data.Slice(at + header, (int)size - header));
            at += (int)size;
        }
    }

    public static ReadOnlyMemory<byte>? Find(ReadOnlyMemory<byte> data, string type)
    {
        foreach (var (t, body) in Children(data))
            if (t == type) return body;
        return null;
    }

    /// <summary>Follows a path of nested boxes (<c>mdia/mdhd</c>).</summary>
    public static ReadOnlyMemory<byte>? Path(ReadOnlyMemory<byte> data, params string[] path)
    {
        ReadOnlyMemory<byte>? at = data;
        foreach (string step in path)
        {
            if (at is not { } current) return null;
            at = Find(current, step);
        }
        return at;
    }
}
