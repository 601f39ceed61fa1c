namespace RtcLive.WebRtc.Sdp;

/// <summary>The transport protocol tokens of m-lines that WebRTC uses (RFC 8866 §5.14, JSEP §5.1.2).</summary>
public static class SdpProtocols
{
    /// <summary>RTP over DTLS-SRTP over UDP (with ICE), with RTCP feedback: the WebRTC media protocol.</summary>
    public const string UdpTlsRtpSavpf = "UDP/TLS/RTP/SAVPF";

    /// <summary>SCTP over DTLS over UDP: WebRTC data channels.</summary>
    public const string UdpDtlsSctp = "UDP/DTLS/SCTP";

    /// <summary>True for any RTP profile (<c>RTP/AVP</c>, <c>RTP/SAVPF</c>, <c>UDP/TLS/RTP/SAVPF</c>...): formats are payload types.</summary>
    public static bool IsRtp(string protocol) =>
        protocol.StartsWith("RTP/", StringComparison.OrdinalIgnoreCase)
        || protocol.Contains("/RTP/", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// True for the RTP profiles a DTLS-SRTP endpoint can answer over UDP: <c>UDP/TLS/RTP/SAVP(F)</c> and the
    /// legacy <c>RTP/SAVPF</c> that older WebRTC stacks still offer with DTLS.
    /// </summary>
    public static bool IsDtlsSrtpOverUdp(string protocol) =>
        protocol.Equals(UdpTlsRtpSavpf, StringComparison.OrdinalIgnoreCase)
        || protocol.Equals("UDP/TLS/RTP/SAVP", StringComparison.OrdinalIgnoreCase)
        || protocol.Equals("RTP/SAVPF", StringComparison.OrdinalIgnoreCase);
}
