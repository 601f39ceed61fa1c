namespace RtcLive.Hls.Ingest;

/// <summary>The camera codecs the ingest reads: what browsers publish (VP8 by default, H.264 when asked).</summary>
public enum VideoCodec
{
    Vp8,
    H264,
}
