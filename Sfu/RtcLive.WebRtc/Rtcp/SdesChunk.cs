using System.Buffers.Binary;

namespace RtcLive.WebRtc.Rtcp;

/// <summary>One SDES chunk: a source and its items (type, length, text), validated by <see cref="SourceDescription"/>.</summary>
public readonly ref struct SdesChunk
{
    private readonly ReadOnlySpan<byte> _items; // from the first item up to and excluding the END byte

    internal SdesChunk(uint ssrc, ReadOnlySpan<byte> items)
    {
        Ssrc = ssrc;
        _items = items;
    }

    public uint Ssrc { get; }

    /// <summary>Finds the first item of <paramref name="type"/>; its text is usually UTF-8.</summary>
    public bool TryGetItem(SdesItemType type, out ReadOnlySpan<byte> value)
    {
        int position = 0;
        while (position + 2 <= _items.Length)
        {
            int length = _items[position + 1];
            if ((SdesItemType)_items[position] == type)
            {
                value = _items.Slice(position + 2, length);
                return true;
            }
            position += 2 + length;
        }
        value = default;
        return false;
    }

    public bool TryGetCanonicalName(out ReadOnlySpan<byte> cname) => TryGetItem(SdesItemType.CanonicalName, out cname);

    /// <summary>
    /// Checks one chunk starting at <paramref name="offset"/> (4-byte aligned) and returns the offset of the
    /// next one, or -1 when the chunk is cut short or its item list has no END.
    /// </summary>
    internal static int Validate(ReadOnlySpan<byte> body, int offset, out SdesChunk chunk)
    {
        chunk = default;
        if (offset + 4 > body.Length)
            return -1;
        int itemsStart = offset + 4;
        int position = itemsStart;
        while (true)
        {
            if (position >= body.Length)
                return -1;
            if (body[position] == (byte)SdesItemType.End)
                break;
            if (position + 2 > body.Length || position + 2 + body[position + 1] > body.Length)
                return -1;
            position += 2 + body[position + 1];
        }
        chunk = new SdesChunk(BinaryPrimitives.ReadUInt32BigEndian(body.Slice(offset)), body.Slice(itemsStart, position - itemsStart));
        int next = (position + 4) & ~3; // the END byte, then zeros up to the next 32-bit boundary
        return Math.Min(next, body.Length);
    }
}
