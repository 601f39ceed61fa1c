namespace RtcLive.LoadTest.Targets;

/// <summary>
/// An SFU the load runs against, through its own signaling: how a publisher gets its answer and a subscriber its
/// media. Peers are our <see cref="RtcLive.WebRtc.Client.ClientPeer"/> whichever SFU it is, so both sides of a
/// comparison meet the same client.
/// </summary>
internal interface ILoadTarget : IAsyncDisposable
{
    /// <summary>Short name for tables: <c>rtclive</c>, <c>rtclive-whip</c>, <c>janus</c>.</summary>
    string Name { get; }

    /// <summary>Publishes a simulcast camera and a microphone in room <paramref name="room"/> and waits for DTLS-SRTP.</summary>
    Task<PublisherSession> PublishAsync(int room, CancellationToken ct);

    /// <summary>Subscribes to room <paramref name="room"/>'s publisher and waits for DTLS-SRTP; media goes to the session's receiver.</summary>
    Task<SubscriberSession> SubscribeAsync(int room, int subscriber, CancellationToken ct);
}
