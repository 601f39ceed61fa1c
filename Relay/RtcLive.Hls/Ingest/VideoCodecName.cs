namespace RtcLive.Hls.Ingest;

/// <summary>The ingest's codec for an SDP codec name (<c>VP8</c>, <c>H264</c>); null for one it cannot read.</summary>
public static class VideoCodecName
{
    public static VideoCodec? Parse(string name) =>
        name.Equals("VP8", StringComparison.OrdinalIgnoreCase) ? VideoCodec.Vp8
        : name.Equals("H264", StringComparison.OrdinalIgnoreCase) ? VideoCodec.H264
        : null;
}
