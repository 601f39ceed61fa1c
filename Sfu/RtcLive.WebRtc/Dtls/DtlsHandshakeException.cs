namespace RtcLive.WebRtc.Dtls;

/// <summary>The only exception a failed <see cref="DtlsTransport.HandshakeAsync"/> reports, besides cancellation.</summary>
public sealed class DtlsHandshakeException : Exception
{
    public DtlsHandshakeException(DtlsHandshakeFailure reason, string message, short? alertDescription = null, Exception? inner = null)
        : base($"DTLS handshake failed ({reason}): {message}", inner)
    {
        Reason = reason;
        AlertDescription = alertDescription;
    }

    /// <summary>What went wrong.</summary>
    public DtlsHandshakeFailure Reason { get; }

    /// <summary>The TLS alert (RFC 5246 §7.2) received or sent, when one was involved; e.g. 42 bad_certificate, 40 handshake_failure.</summary>
    public short? AlertDescription { get; }
}
