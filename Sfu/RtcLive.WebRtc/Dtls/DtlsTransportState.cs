namespace RtcLive.WebRtc.Dtls;

/// <summary>Life cycle of a <see cref="DtlsTransport"/>.</summary>
public enum DtlsTransportState
{
    /// <summary>Created; no handshake started.</summary>
    New,

    /// <summary>Handshake running.</summary>
    Handshaking,

    /// <summary>Handshake done, SRTP keys available; post-handshake DTLS traffic is still served.</summary>
    Connected,

    /// <summary>Closed by either side, or the handshake or connection failed.</summary>
    Closed,
}
