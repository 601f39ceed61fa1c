using RtcLive.LoadTest.Media;
using RtcLive.WebRtc.Client;

namespace RtcLive.LoadTest.Targets;

/// <summary>A connected publisher: its peer, the streams it sends, and how to leave the SFU.</summary>
internal sealed class PublisherSession(ClientPeer peer, PublisherStreams streams, Func<ValueTask> leave) : IAsyncDisposable
{
    public ClientPeer Peer { get; } = peer;

    public PublisherStreams Streams { get; } = streams;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await leave();
        }
        catch (Exception)
        {
            // Leaving is best effort: the run is over and the SFU times the peer out anyway.
        }
        Peer.Dispose();
    }
}
