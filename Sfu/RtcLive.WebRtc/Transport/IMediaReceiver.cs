namespace RtcLive.WebRtc.Transport;

/// <summary>
/// Where a transport hands decrypted media. Called on the transport's receive thread with a span over its
/// receive buffer, already unprotected in place: handle it (or copy it) before returning.
/// </summary>
public interface IMediaReceiver
{
    void OnRtp(Span<byte> packet);

    void OnRtcp(Span<byte> packet);
}
