namespace RtcLive.WebRtc.Dtls;

/// <summary>Why a DTLS handshake failed; carried by <see cref="DtlsHandshakeException"/>.</summary>
public enum DtlsHandshakeFailure
{
    /// <summary>The handshake did not complete within the configured timeout (the peer is silent or unreachable).</summary>
    Timeout,

    /// <summary>The certificate the peer presented does not hash to the fingerprint announced in its SDP, or it presented none.</summary>
    FingerprintMismatch,

    /// <summary>The peers share no SRTP protection profile in use_srtp (or the peer did not negotiate use_srtp at all).</summary>
    NoCommonSrtpProfile,

    /// <summary>The peer sent a fatal alert; <see cref="DtlsHandshakeException.AlertDescription"/> says which.</summary>
    AlertReceived,

    /// <summary>Too many handshakes were already in progress (<see cref="DtlsHandshakeLimiter"/>).</summary>
    LimiterFull,

    /// <summary>The transport was closed while the handshake was running.</summary>
    Closed,

    /// <summary>The peer's messages broke the protocol, or an internal error stopped the handshake.</summary>
    ProtocolError,
}
