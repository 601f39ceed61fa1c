using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using RtcLive.Sfu.Rooms;
using RtcLive.Sfu.Taps;

namespace RtcLive.Sfu.Node;

/// <summary>One SFU node as a library: its media port and its rooms. Hosts (embedded signaling, the standalone node) own one.</summary>
public sealed class SfuNode : IDisposable
{
    private readonly ConcurrentDictionary<string, Room> _rooms = new(StringComparer.Ordinal);
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;

    public SfuNode(SfuNodeOptions options, ILoggerFactory loggers)
    {
        Options = options;
        _loggers = loggers;
        _logger = loggers.CreateLogger<SfuNode>();
        if (options.Limits.Problem() is { } problem) throw new ArgumentException(problem, nameof(options));
        Usage = new NodeUsage(options.Limits);
        Port = new MediaPort(options, loggers);
        Taps = new MediaTapRegistry(ProducersOf);
    }

    public SfuNodeOptions Options { get; }

    public string Id => Options.NodeId;

    public MediaPort Port { get; }

    public SfuCounters Counters { get; } = new();

    /// <summary>Participants and tracks on the node in all rooms, against <see cref="SfuNodeOptions.Limits"/>.</summary>
    public NodeUsage Usage { get; }

    /// <summary>In-process readers of rooms' media (the embedded HLS worker), wired by the host that owns the node.</summary>
    public MediaTapRegistry Taps { get; }

    public IReadOnlyCollection<Room> Rooms => (IReadOnlyCollection<Room>)_rooms.Values;

    /// <summary>Raised for every room's events (handlers must be quick and must not throw).</summary>
    public event Action<RoomEvent>? RoomEvents;

    public void Start()
    {
        Port.Start();
        if (Port.Tcp is { } tcp)
            _logger.LogInformation("SFU node {Node} media on udp://{Endpoint} and ICE-TCP tcp://{TcpEndpoint}", Id, Port.Mux.LocalEndPoint, tcp.LocalEndPoint);
        else
            _logger.LogInformation("SFU node {Node} media on udp://{Endpoint} (no ICE-TCP)", Id, Port.Mux.LocalEndPoint);
    }

    public Room GetOrCreateRoom(string id) => _rooms.GetOrAdd(id, CreateRoom);

    /// <summary>
    /// Runs <paramref name="join"/> on room <paramref name="id"/>, made if need be. A room the join leaves empty (it was
    /// refused: full, bad SDP) is removed again, so failed joins to ever new room names leave nothing behind.
    /// </summary>
    public T Join<T>(string id, Func<Room, T> join)
    {
        while (true)
        {
            var room = GetOrCreateRoom(id);
            try
            {
                return join(room);
            }
            catch (RoomRetiredException)
            {
                // Emptied and removed while we held it: take the node's current room of that name.
            }
            catch
            {
                RetireIfEmpty(room);
                throw;
            }
        }
    }

    private void RetireIfEmpty(Room room)
    {
        if (room.TryRetire()) _rooms.TryRemove(new KeyValuePair<string, Room>(room.Id, room));
    }

    public bool TryGetRoom(string id, out Room room) => _rooms.TryGetValue(id, out room!);

    private Room CreateRoom(string id)
    {
        var room = new Room(id, Options, Counters, Port, _loggers.CreateLogger<Room>(), Usage, Taps);
        room.Events += e =>
        {
            RoomEvents?.Invoke(e);
            if (e is RoomEvent.ParticipantLeft) RetireIfEmpty(room);
        };
        return room;
    }

    /// <summary>Sends everyone away (a drain's deadline): each leaves with <paramref name="reason"/>, so signaling moves them.</summary>
    public int EvictAll(string reason)
    {
        int evicted = 0;
        foreach (var room in _rooms.Values)
        {
            foreach (var participant in room.Participants)
            {
                room.Leave(participant, reason);
                evicted++;
            }
        }
        if (evicted > 0) _logger.LogInformation("node {Node} sent {Count} participants away: {Reason}", Id, evicted, reason);
        return evicted;
    }

    private IEnumerable<Media.Producer> ProducersOf(string roomId)
    {
        if (!_rooms.TryGetValue(roomId, out var room)) yield break;
        foreach (var participant in room.Participants)
            foreach (var producer in participant.Producers) yield return producer;
    }

    public void Dispose()
    {
        foreach (var room in _rooms.Values)
            foreach (var participant in room.Participants) participant.Dispose();
        _rooms.Clear();
        Port.Dispose();
    }
}
