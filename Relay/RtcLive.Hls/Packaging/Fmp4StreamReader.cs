using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace RtcLive.Hls.Packaging;

/// <summary>A piece of ffmpeg's fragmented MP4 output: the init segment (ftyp + moov) or one fragment (moof + mdat).</summary>
internal sealed record Fmp4Chunk(bool IsInit, byte[] Bytes, int MoofLength);

/// <summary>Cuts ffmpeg's fragmented MP4 stream into the init segment and moof+mdat fragments as they arrive.</summary>
internal static class Fmp4StreamReader
{
    private const long MaxBoxBytes = 64L * 1024 * 1024;

    public static async IAsyncEnumerable<Fmp4Chunk> ReadAsync(Stream input, [EnumeratorCancellation] CancellationToken ct)
    {
        byte[]? ftyp = null, moof = null;
        var header = new byte[16];
        while (true)
        {
            if (!await FillAsync(input, header.AsMemory(0, 8), ct)) yield break;
            long size = BinaryPrimitives.ReadUInt32BigEndian(header);
            string type = System.Text.Encoding.ASCII.GetString(header, 4, 4);
            int headerLength = 8;
            if (size == 1)
            {
                if (!await FillAsync(input, header.AsMemory(8, 8), ct)) yield break;
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(header.AsSpan(8));
                headerLength = 16;
            }
            if (size < headerLength || size > MaxBoxBytes) throw new InvalidDataException($"an MP4 box '{type}' of {size} bytes: not a stream we can read");
            var box = new byte[size];
            header.AsSpan(0, headerLength).CopyTo(box);
            if (!await FillAsync(input, box.AsMemory(headerLength), ct)) yield break;
            switch (type)
            {
                case "ftyp":
                    ftyp = box;
                    break;
                case "moov":
                    yield return new Fmp4Chunk(true, [.. ftyp ?? [], .. box], 0);
                    break;
                case "moof":
                    moof = box;
                    break;
                case "mdat" when moof is not null:
                    yield return new Fmp4Chunk(false, [.. moof, .. box], moof.Length);
                    moof = null;
                    break;
            }
        }
    }

    private static async Task<bool> FillAsync(Stream input, Memory<byte> buffer, CancellationToken ct)
    {
        int read = 0;
        while (read < buffer.Length)
        {
            int n = await input.ReadAsync(buffer[read..], ct);
            if (n == 0) return false;
            read += n;
        }
        return true;
    }
}
