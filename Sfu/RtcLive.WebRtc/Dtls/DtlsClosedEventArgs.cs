namespace RtcLive.WebRtc.Dtls;

/// <summary>Arguments of <see cref="DtlsTransport.Closed"/>.</summary>
public sealed class DtlsClosedEventArgs : EventArgs
{
    public DtlsClosedEventArgs(DtlsCloseReason reason, string detail)
    {
        Reason = reason;
        Detail = detail;
    }

    public DtlsCloseReason Reason { get; }

    /// <summary>Human-readable detail for logs, e.g. the alert received.</summary>
    public string Detail { get; }
}
