using System.Buffers.Binary;
using RtcLive.Hls.Ingest;

namespace RtcLive.Hls.Transcode;

/// <summary>
/// Writes the class as a live Matroska stream (VP8 or H.264 track 1, Opus track 2) for ffmpeg's stdin: one pipe carries both
/// tracks on one clock, so ffmpeg needs no second input and keeps them in sync. Segment and clusters have unknown
/// sizes (as live WebM does); a cluster starts at every video keyframe, and sooner when block offsets would overflow.
/// H.264 goes as Matroska stores it: an avcC record (from the first keyframe's SPS and PPS) as CodecPrivate and
/// four-byte lengths in place of the Annex B start codes; later parameter sets stay in band, where the decoder
/// follows them (a simulcast layer switch changes the picture size).
/// </summary>
internal sealed class MatroskaWriter(Stream output)
{
    private const byte VideoTrack = 1;
    private const byte AudioTrack = 2;
    private const long MaxBlockOffsetMs = 30_000;
    private readonly MemoryStream _buffer = new();
    private long _clusterMs = -1;
    private VideoCodec _codec;

    /// <summary>The stream's header from the first keyframe: codec, size (ffmpeg follows later changes in the frames), H.264 parameter sets.</summary>
    public void WriteHeader(MediaFrame keyframe)
    {
        _codec = keyframe.Codec;
        int width = keyframe.Width, height = keyframe.Height;
        byte[]? avcC = _codec == VideoCodec.H264 ? AvcDecoderConfiguration.FromAccessUnit(keyframe.Data) : null;
        var w = new EbmlWriter(_buffer);
        w.Master(0x1A45DFA3, e =>
        {
            e.UInt(0x4286, 1); // EBMLVersion
            e.UInt(0x42F7, 1); // EBMLReadVersion
            e.UInt(0x42F2, 4); // EBMLMaxIDLength
            e.UInt(0x42F3, 8); // EBMLMaxSizeLength
            e.String(0x4282, _codec == VideoCodec.H264 ? "matroska" : "webm");
            e.UInt(0x4287, 4);
            e.UInt(0x4285, 2);
        });
        w.Id(0x18538067); // Segment, unknown size: it lasts as long as the class
        _buffer.Write(EbmlWriter.UnknownSize);
        w.Master(0x1549A966, info =>
        {
            info.UInt(0x2AD7B1, 1_000_000); // TimestampScale: milliseconds
            info.String(0x4D80, "RtcLive");
            info.String(0x5741, "RtcLive");
        });
        w.Master(0x1654AE6B, tracks =>
        {
            tracks.Master(0xAE, t =>
            {
                t.UInt(0xD7, VideoTrack);
                t.UInt(0x73C5, VideoTrack);
                t.UInt(0x83, 1); // video
                t.String(0x86, avcC is null ? "V_VP8" : "V_MPEG4/ISO/AVC");
                if (avcC is not null) t.Binary(0x63A2, avcC);
                t.Master(0xE0, v =>
                {
                    v.UInt(0xB0, (ulong)Math.Max(2, width));
                    v.UInt(0xBA, (ulong)Math.Max(2, height));
                });
            });
            tracks.Master(0xAE, t =>
            {
                t.UInt(0xD7, AudioTrack);
                t.UInt(0x73C5, AudioTrack);
                t.UInt(0x83, 2); // audio
                t.String(0x86, "A_OPUS");
                t.Binary(0x63A2, OpusHead());
                t.UInt(0x56BB, 80_000_000); // SeekPreRoll, as WebM asks for Opus
                t.Master(0xE1, a =>
                {
                    a.Float(0xB5, 48000);
                    a.UInt(0x9F, 2);
                });
            });
        });
        Flush();
    }

    public void WriteVideo(MediaFrame frame)
    {
        if (_codec == VideoCodec.H264) WriteBlock(VideoTrack, frame.TimeMs, frame.IsKeyframe, frame.Data, lengthPrefixed: true);
        else WriteBlock(VideoTrack, frame.TimeMs, frame.IsKeyframe, frame.Data);
    }

    /// <summary>An Opus packet at <paramref name="timeMs"/> (the caller keeps audio times increasing).</summary>
    public void WriteAudio(long timeMs, ReadOnlySpan<byte> data) => WriteBlock(AudioTrack, timeMs, true, data);

    /// <summary>20 ms of Opus silence (a CELT frame that decodes to zeros), so the audio track never starves ffmpeg's interleaving.</summary>
    public void WriteSilence(long timeMs) => WriteBlock(AudioTrack, timeMs, true, OpusSilence);

    public static ReadOnlySpan<byte> OpusSilence => [0xF8, 0xFF, 0xFE];

    public const int OpusSilenceMs = 20;

    private void WriteBlock(byte track, long timeMs, bool keyframe, ReadOnlySpan<byte> data, bool lengthPrefixed = false)
    {
        var w = new EbmlWriter(_buffer);
        if (_clusterMs < 0 || (track == VideoTrack && keyframe) || timeMs - _clusterMs > MaxBlockOffsetMs || timeMs - _clusterMs < -MaxBlockOffsetMs)
        {
            _clusterMs = Math.Max(0, timeMs);
            w.Id(0x1F43B675); // Cluster, unknown size
            _buffer.Write(EbmlWriter.UnknownSize);
            w.UInt(0xE7, (ulong)_clusterMs);
        }
        w.Id(0xA3); // SimpleBlock
        w.Size(4 + (lengthPrefixed ? LengthPrefixedSize(data) : data.Length));
        _buffer.WriteByte((byte)(0x80 | track));
        Span<byte> offset = stackalloc byte[2];
        BinaryPrimitives.WriteInt16BigEndian(offset, (short)(timeMs - _clusterMs));
        _buffer.Write(offset);
        _buffer.WriteByte(keyframe ? (byte)0x80 : (byte)0);
        if (lengthPrefixed) WriteLengthPrefixed(data);
        else _buffer.Write(data);
        Flush();
    }

    private static int LengthPrefixedSize(ReadOnlySpan<byte> annexB)
    {
        int size = 0, position = 0;
        while (AnnexB.TryReadNal(annexB, ref position, out _, out int length))
            if (length > 0) size += 4 + length;
        return size;
    }

    private void WriteLengthPrefixed(ReadOnlySpan<byte> annexB)
    {
        Span<byte> prefix = stackalloc byte[4];
        int position = 0;
        while (AnnexB.TryReadNal(annexB, ref position, out int start, out int length))
        {
            if (length == 0) continue;
            BinaryPrimitives.WriteInt32BigEndian(prefix, length);
            _buffer.Write(prefix);
            _buffer.Write(annexB.Slice(start, length));
        }
    }

    private void Flush()
    {
        output.Write(_buffer.GetBuffer(), 0, (int)_buffer.Length);
        output.Flush();
        _buffer.SetLength(0);
    }

    private static byte[] OpusHead()
    {
        var head = new byte[19];
        "OpusHead"u8.CopyTo(head);
        head[8] = 1; // version
        head[9] = 2; // channels
        BinaryPrimitives.WriteUInt16LittleEndian(head.AsSpan(10), 0); // pre-skip: WebRTC streams carry none to remove
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(12), 48000);
        return head;
    }
}
