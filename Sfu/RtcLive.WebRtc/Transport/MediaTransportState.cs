namespace RtcLive.WebRtc.Transport;

/// <summary>Life of a peer's media path, as RTCPeerConnection.connectionState names it.</summary>
public enum MediaTransportState
{
    New,
    Connecting,
    Connected,
    Failed,
    Closed,
}
