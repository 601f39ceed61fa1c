using System.Net;

namespace RtcLive.WebRtc.Transport;

/// <summary>Takes what a <see cref="UdpSocket"/> receives, on its receive thread, with a span over its buffer.</summary>
public interface IDatagramSink
{
    void OnDatagram(Span<byte> datagram, SocketAddress from);
}
