namespace RtcLive.WebRtc.Sdp;

/// <summary>
/// The static payload type assignments of RFC 3551 §6, which an m-line may use without an <c>a=rtpmap</c>
/// (ffmpeg and older gateways rely on this for PCMU/PCMA).
/// </summary>
public static class StaticPayloadTypes
{
    /// <summary>The codec a static payload type stands for, or null for a dynamic or unassigned one.</summary>
    public static Codec? Lookup(int payloadType) => payloadType switch
    {
        0 => new Codec(0, "PCMU", 8000),
        3 => new Codec(3, "GSM", 8000),
        4 => new Codec(4, "G723", 8000),
        5 => new Codec(5, "DVI4", 8000),
        6 => new Codec(6, "DVI4", 16000),
        7 => new Codec(7, "LPC", 8000),
        8 => new Codec(8, "PCMA", 8000),
        9 => new Codec(9, "G722", 8000),
        10 => new Codec(10, "L16", 44100, 2),
        11 => new Codec(11, "L16", 44100),
        12 => new Codec(12, "QCELP", 8000),
        13 => new Codec(13, "CN", 8000),
        14 => new Codec(14, "MPA", 90000),
        15 => new Codec(15, "G728", 8000),
        16 => new Codec(16, "DVI4", 11025),
        17 => new Codec(17, "DVI4", 22050),
        18 => new Codec(18, "G729", 8000),
        25 => new Codec(25, "CelB", 90000),
        26 => new Codec(26, "JPEG", 90000),
        28 => new Codec(28, "nv", 90000),
        31 => new Codec(31, "H261", 90000),
        32 => new Codec(32, "MPV", 90000),
        33 => new Codec(33, "MP2T", 90000),
        34 => new Codec(34, "H263", 90000),
        _ => null,
    };
}
