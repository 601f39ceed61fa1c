using System.Net;

namespace RtcLive.WebRtc.Client;

/// <summary>Takes what <see cref="ClientSocket"/> receives, on its receive thread, with a span over its buffer.</summary>
internal interface IDatagramSink
{
    void OnDatagram(Span<byte> datagram, SocketAddress from);
}
