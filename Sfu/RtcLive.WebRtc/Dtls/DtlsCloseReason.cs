namespace RtcLive.WebRtc.Dtls;

/// <summary>Why a connected <see cref="DtlsTransport"/> closed.</summary>
public enum DtlsCloseReason
{
    /// <summary>The peer sent close_notify: it hung up.</summary>
    RemoteCloseNotify,

    /// <summary><see cref="DtlsTransport.Close"/> or Dispose was called here.</summary>
    LocalClose,

    /// <summary>A fatal alert was received or raised after the handshake.</summary>
    Failed,
}
