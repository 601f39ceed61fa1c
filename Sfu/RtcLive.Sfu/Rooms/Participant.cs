using Microsoft.Extensions.Logging;
using RtcLive.Sfu.Media;
using RtcLive.Sfu.Node;
using RtcLive.Sfu.Sessions;
using RtcLive.WebRtc.Sdp;

namespace RtcLive.Sfu.Rooms;

/// <summary>
/// Someone in a room: an identity unique in the room, a role, a transport to publish on (made on first
/// publish) and one to receive on, and the tracks they publish.
/// </summary>
public sealed class Participant : IDisposable
{
    private readonly MediaPort _port;
    private readonly ILogger _logger;
    private readonly List<Producer> _producers = [];
    private int _nextProducer;
    private int _disposed;

    internal Participant(Room room, string id, string name, ParticipantRole role, MediaPort port, ILogger logger)
    {
        Room = room;
        Id = id;
        Name = name;
        Role = role;
        _port = port;
        _logger = logger;
        Subscriber = new SubscribeSession(this, port, logger);
        JoinTimelineMetrics.Watch(Subscriber.JoinTimeline, id, room.Id, logger);
    }

    public Room Room { get; }

    /// <summary>The identity from the token (names are unique in a room, so this is the name).</summary>
    public string Id { get; }

    public string Name { get; }

    public ParticipantRole Role { get; internal set; }

    /// <summary>False for a publish-only participant (a WHIP encoder): it receives no tracks.</summary>
    public bool Receives { get; init; } = true;

    /// <summary>A participant of another node, republished here by a relay link (its tracks are not this node's own).</summary>
    public bool IsRelayed { get; init; }

    public PublishSession? Publisher { get; private set; }

    public SubscribeSession Subscriber { get; }

    public IReadOnlyList<Producer> Producers
    {
        get { lock (_producers) return _producers.ToArray(); }
    }

    internal PublishSession EnsurePublisher() => Publisher ??= new PublishSession(this, _port, _logger);

    internal Producer CreateProducer(TrackSource source, MediaKind kind, string mid, Codec codec, IReadOnlyList<string> rids)
    {
        lock (_producers)
        {
            var producer = new Producer($"{Id}/{source.ToWire()}/{++_nextProducer}", this, source, kind, mid, codec, rids, Room.Options.PacketCacheSize);
            _producers.Add(producer);
            return producer;
        }
    }

    internal void ForgetProducer(Producer producer)
    {
        lock (_producers) _producers.Remove(producer);
    }

    internal void OnTransportEnded(string which, string reason)
    {
        if (Volatile.Read(ref _disposed) != 0) return;
        Interlocked.Increment(ref Room.Counters.TransportFailures);
        _logger.LogInformation("participant {Participant} in room {Room}: {Which} transport ended: {Reason}", Id, Room.Id, which, reason);
        Room.Leave(this, $"{which} transport ended: {reason}");
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        Publisher?.Dispose();
        Subscriber.Dispose();
    }
}
