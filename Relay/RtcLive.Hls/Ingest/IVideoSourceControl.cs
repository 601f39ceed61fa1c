namespace RtcLive.Hls.Ingest;

/// <summary>What the ingest may ask of the camera it reads: which simulcast layers flow, and keyframes.</summary>
public interface IVideoSourceControl
{
    int LayerCount { get; }

    bool IsLayerActive(int layer);

    void RequestKeyframe(int layer);
}
