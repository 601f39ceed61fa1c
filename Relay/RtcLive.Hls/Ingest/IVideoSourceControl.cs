namespace RtcLive.Hls.Ingest;

/// <summary>What the ingest may ask of the camera it reads: its codec, which simulcast layers flow, and keyframes.</summary>
public interface IVideoSourceControl
{
    VideoCodec Codec { get; }

    int LayerCount { get; }

    bool IsLayerActive(int layer);

    void RequestKeyframe(int layer);
}
