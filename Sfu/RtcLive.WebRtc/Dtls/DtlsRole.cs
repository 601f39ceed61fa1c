namespace RtcLive.WebRtc.Dtls;

/// <summary>
/// Which side of the DTLS handshake this endpoint plays. In WebRTC the SDP <c>a=setup</c> attribute decides it:
/// <c>active</c> is the DTLS client, <c>passive</c> the DTLS server (RFC 5763 §5).
/// </summary>
public enum DtlsRole
{
    /// <summary>Sends the ClientHello (SDP <c>a=setup:active</c>).</summary>
    Client,

    /// <summary>Waits for the ClientHello (SDP <c>a=setup:passive</c>).</summary>
    Server,
}
