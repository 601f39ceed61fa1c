namespace RtcLive.WebRtc.Rtcp;

/// <summary>FMT values of <see cref="RtcpPacketType.RtpFeedback"/> packets.</summary>
public static class RtpFeedbackFormat
{
    public const int GenericNack = 1;
    public const int TransportCc = 15;
}
