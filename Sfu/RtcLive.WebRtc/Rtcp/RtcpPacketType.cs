namespace RtcLive.WebRtc.Rtcp;

/// <summary>RTCP packet types (the second header byte).</summary>
public enum RtcpPacketType : byte
{
    /// <summary>SR, RFC 3550 §6.4.1.</summary>
    SenderReport = 200,

    /// <summary>RR, RFC 3550 §6.4.2.</summary>
    ReceiverReport = 201,

    /// <summary>SDES, RFC 3550 §6.5.</summary>
    SourceDescription = 202,

    /// <summary>BYE, RFC 3550 §6.6.</summary>
    Goodbye = 203,

    /// <summary>APP, RFC 3550 §6.7.</summary>
    ApplicationDefined = 204,

    /// <summary>RTPFB, transport-layer feedback (RFC 4585): generic NACK, transport-cc.</summary>
    RtpFeedback = 205,

    /// <summary>PSFB, payload-specific feedback (RFC 4585): PLI, FIR, REMB.</summary>
    PayloadSpecificFeedback = 206,

    /// <summary>XR, RFC 3611.</summary>
    ExtendedReport = 207,
}
