using RtcLive.WebRtc.Transport;

namespace RtcLive.WebRtc.Client;

/// <summary>
/// Why <see cref="ClientPeer.ConnectAsync"/> did not complete: ICE found no working path, the DTLS handshake
/// failed (a wrong fingerprint, no common SRTP profile, a timeout), or the peer was closed first.
/// </summary>
public sealed class ClientConnectException : Exception
{
    public ClientConnectException(MediaTransportState state, string reason)
        : base($"the client peer did not connect: {reason}")
    {
        State = state;
        Reason = reason;
    }

    /// <summary><see cref="MediaTransportState.Failed"/> or <see cref="MediaTransportState.Closed"/>.</summary>
    public MediaTransportState State { get; }

    /// <summary>What went wrong, as the layer that noticed it put it.</summary>
    public string Reason { get; }
}
