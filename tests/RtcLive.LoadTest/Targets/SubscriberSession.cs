using RtcLive.LoadTest.Receive;
using RtcLive.WebRtc.Client;

namespace RtcLive.LoadTest.Targets;

/// <summary>A connected subscriber: its peer, what it counted, and how to leave the SFU.</summary>
internal sealed class SubscriberSession(ClientPeer peer, SubscriberReceiver receiver, Func<ValueTask> leave) : IAsyncDisposable
{
    public ClientPeer Peer { get; } = peer;

    public SubscriberReceiver Receiver { get; } = receiver;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await leave();
        }
        catch (Exception)
        {
            // Best effort, as for publishers.
        }
        Peer.Dispose();
    }
}
