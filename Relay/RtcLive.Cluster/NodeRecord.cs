namespace RtcLive.Cluster;

/// <summary>
/// Everything the cluster knows about one live process (an SFU node, an HLS worker or a signaling instance), written by that process
/// alone and expiring unless it is written again: its identity and addresses, its load, and what it holds
/// (rooms, the tracks published on it, the relay links it pulls). One node's departure can therefore never
/// delete anything another node still owns.
/// </summary>
/// <param name="Kind"><see cref="NodeKinds.Sfu"/>, <see cref="NodeKinds.Hls"/> or <see cref="NodeKinds.Signaling"/>.</param>
/// <param name="State"><see cref="NodeStates.Active"/> or <see cref="NodeStates.Draining"/>.</param>
/// <param name="MediaAddress">Where clients send media (host:port of the UDP port).</param>
/// <param name="ControlUrl">The control API signaling calls.</param>
/// <param name="RelayAddress">Where other nodes send relayed media (host:port); empty when the node takes none.</param>
/// <param name="Capacity">Most participants the node takes.</param>
/// <param name="HeartbeatAtMs">When the node wrote this, ms since the Unix epoch.</param>
public sealed record NodeRecord(
    string Id,
    string Kind,
    string Region,
    int Pid,
    string State,
    string MediaAddress,
    string ControlUrl,
    string RelayAddress,
    int Capacity,
    NodeLoad Load,
    IReadOnlyList<string> Rooms,
    IReadOnlyList<TrackEntry> Tracks,
    IReadOnlyList<LinkEntry> Links,
    long HeartbeatAtMs)
{
    public bool IsActive => State == NodeStates.Active;

    /// <summary>Room for <paramref name="more"/> participants.</summary>
    public bool HasRoomFor(int more = 1) => Load.Participants + more <= Capacity;
}

/// <param name="Cpu">Share of the machine's cores the process used lately (0–1).</param>
/// <param name="Bitrate">Bits per second forwarded lately.</param>
public sealed record NodeLoad(int Participants, int Tracks, long Bitrate, double Cpu);

/// <summary>A track published on the node that owns the record (its origin).</summary>
public sealed record TrackEntry(string Room, string TrackId, string ParticipantId, string Source, string Kind, IReadOnlyList<string> Rids);

/// <summary>The owning node pulls <paramref name="Room"/> from node <paramref name="From"/>.</summary>
public sealed record LinkEntry(string Room, string From, string To);

public static class NodeKinds
{
    public const string Sfu = "sfu";
    public const string Hls = "hls";

    /// <summary>A signaling instance: its control URL is where browsers reach it.</summary>
    public const string Signaling = "signaling";
}

public static class NodeStates
{
    public const string Active = "active";
    public const string Draining = "draining";
}
