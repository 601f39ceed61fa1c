namespace RtcLive.WebRtc.Rtp;

/// <summary>The fixed-header values a sender chooses, for <see cref="RtpHeaderWriter.Write"/>.</summary>
public readonly record struct RtpHeaderFields(
    byte PayloadType,
    ushort SequenceNumber,
    uint Timestamp,
    uint Ssrc,
    bool Marker = false);
