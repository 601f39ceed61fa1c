namespace RtcLive.WebRtc.Codecs;

/// <summary>
/// H.264 NAL unit types that matter to forwarding (ITU-T H.264 Table 7-1), plus the RTP packetization
/// types of RFC 6184 (24–29), all from the low 5 bits of a NAL header byte.
/// </summary>
public enum H264NalUnitType : byte
{
    NonIdrSlice = 1,
    IdrSlice = 5,
    SupplementalEnhancementInformation = 6,
    SequenceParameterSet = 7,
    PictureParameterSet = 8,
    AccessUnitDelimiter = 9,

    /// <summary>Single-time aggregation packet: several NAL units, each behind a 16-bit size.</summary>
    StapA = 24,
    StapB = 25,
    Mtap16 = 26,
    Mtap24 = 27,

    /// <summary>Fragmentation unit: one NAL unit split across packets; the FU header holds its real type.</summary>
    FuA = 28,
    FuB = 29,
}
