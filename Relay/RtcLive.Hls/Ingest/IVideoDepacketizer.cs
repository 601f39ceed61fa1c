namespace RtcLive.Hls.Ingest;

/// <summary>Reassembles one RTP video stream into whole frames (one per Push that returns true) and tells keyframes.</summary>
public interface IVideoDepacketizer
{
    /// <summary>True once a packet was lost or malformed since the caller last cleared it: frames after it may not decode.</summary>
    bool Damaged { get; set; }

    /// <summary>Takes one packet; true when it completed a frame, which <paramref name="frame"/> then holds (valid until the next call).</summary>
    bool Push(ushort sequence, uint timestamp, bool marker, ReadOnlySpan<byte> payload, out ReadOnlySpan<byte> frame);

    /// <summary>Whether a whole frame this depacketizer produced decodes on its own, and the picture size it announces.</summary>
    bool IsKeyframe(ReadOnlySpan<byte> frame, out int width, out int height);
}
