using System.Buffers;

namespace RtcLive.Hls.Ingest;

/// <summary>One whole encoded frame (a VP8 frame, an H.264 access unit in Annex B, an Opus packet) on the class's timeline, in a pooled buffer.</summary>
public sealed class MediaFrame
{
    private byte[]? _buffer;

    private MediaFrame(bool isVideo, long timeMs, bool keyframe, byte[] buffer, int length, int width, int height, VideoCodec codec)
    {
        Codec = codec;
        IsVideo = isVideo;
        TimeMs = timeMs;
        IsKeyframe = keyframe;
        _buffer = buffer;
        Length = length;
        Width = width;
        Height = height;
    }

    public bool IsVideo { get; }

    /// <summary>Milliseconds since the ingest started; video and audio share this clock, so they stay in sync.</summary>
    public long TimeMs { get; }

    public bool IsKeyframe { get; }

    /// <summary>The video codec of a video frame (meaningless for audio).</summary>
    public VideoCodec Codec { get; }

    /// <summary>The picture size a keyframe announces (VP8 frame header, H.264 SPS); 0 otherwise.</summary>
    public int Width { get; }

    public int Height { get; }

    public int Length { get; }

    public ReadOnlySpan<byte> Data => _buffer is { } b ? b.AsSpan(0, Length) : throw new ObjectDisposedException(nameof(MediaFrame));

    public static MediaFrame Copy(bool isVideo, long timeMs, bool keyframe, ReadOnlySpan<byte> data, int width = 0, int height = 0,
        VideoCodec codec = VideoCodec.Vp8)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, data.Length));
        data.CopyTo(buffer);
        return new MediaFrame(isVideo, timeMs, keyframe, buffer, data.Length, width, height, codec);
    }

    /// <summary>Gives the buffer back; the frame is unusable afterwards.</summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } b) ArrayPool<byte>.Shared.Return(b);
    }
}
