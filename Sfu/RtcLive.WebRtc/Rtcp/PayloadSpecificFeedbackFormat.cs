namespace RtcLive.WebRtc.Rtcp;

/// <summary>FMT values of <see cref="RtcpPacketType.PayloadSpecificFeedback"/> packets.</summary>
public static class PayloadSpecificFeedbackFormat
{
    public const int PictureLossIndication = 1;
    public const int FullIntraRequest = 4;

    /// <summary>Application-layer feedback; REMB is the one the SFU reads.</summary>
    public const int ApplicationLayer = 15;
}
