namespace RtcLive.WebRtc.Transport.IceTcp;

/// <summary>
/// A session that also takes ICE-TCP connections. STUN from a connection not yet bound reaches the session whose
/// ufrag the check names (as on UDP); the session binds the connection once the check is authentic, and from then
/// on DTLS and SRTP from that connection reach it through <see cref="IMuxEndpoint"/>.
/// </summary>
public interface IIceTcpEndpoint
{
    /// <summary>A STUN message from <paramref name="connection"/>, on that connection's receive thread.</summary>
    void OnStun(ReadOnlySpan<byte> packet, IceTcpConnection connection);

    /// <summary>A connection this session bound has closed.</summary>
    void OnClosed(IceTcpConnection connection);
}
