namespace RtcLive.WebRtc.Dtls;

/// <summary>
/// Thrown by <see cref="DtlsDatagramChannel.Receive(byte[], int, int, int)"/> once the channel is closed. It is an
/// <see cref="IOException"/> because that is how BouncyCastle's DTLS code expects a dead transport to report itself:
/// it then abandons the handshake or the connection instead of polling forever.
/// </summary>
public sealed class DtlsChannelClosedException : IOException
{
    public DtlsChannelClosedException()
        : base("the DTLS datagram channel is closed")
    {
    }
}
