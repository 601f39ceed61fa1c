using RtcLive.Cluster;
using RtcLive.Sfu.Control;
using RtcLive.Signaling.Audience;
using RtcLive.Signaling.Hubs.Contracts;
using RtcLive.Signaling.Placement;

namespace RtcLive.Signaling.Hubs;

/// <summary>
/// The participant list and tracks a newcomer is given on joining: its own node's room, plus the people and
/// tracks of the room's other nodes (a class spread over regions is listed whole, as the room's events already
/// are). Relay plumbing stays out; a relayed publisher is listed once, as itself. A node that does not answer in
/// time costs only its own entries: later events fill them in. Those who watch over HLS (<see cref="IAudienceStore"/>)
/// are listed too, marked so; someone between the two (its node's leave in flight) is listed once, as over HLS.
/// </summary>
public sealed class RoomRoster(ISfuNodes nodes, IAudienceStore audience, ILogger<RoomRoster> logger)
{
    /// <summary>How long a join waits for another node of the room to say who is there.</summary>
    public static readonly TimeSpan OtherNodeTimeout = TimeSpan.FromSeconds(1.5);

    public async Task<(List<ParticipantInfo> Participants, List<TrackInfo> Tracks)> ForNewcomerAsync(SfuJoinSnapshot own,
        ClusterSnapshot cluster, CancellationToken ct)
    {
        var participants = new List<ParticipantInfo>(own.Participants.Count);
        var tracks = new List<TrackInfo>(own.Tracks.Count);
        var listed = new HashSet<string>(StringComparer.Ordinal);
        var trackIds = new HashSet<string>(StringComparer.Ordinal);
        await AddAudienceAsync(own.Room, participants, listed, ct);
        foreach (var p in own.Participants)
            if (!RelayParticipants.IsPuller(p.ParticipantId) && listed.Add(p.ParticipantId)) participants.Add(ParticipantInfo.From(p));
        foreach (var t in own.Tracks)
            if (trackIds.Add(t.TrackId)) tracks.Add(TrackInfo.From(t));

        var others = new List<Task<SfuRoomSnapshot?>>();
        foreach (var node in cluster.NodesOfRoom(own.Room))
            if (node.Id != own.NodeId) others.Add(AskAsync(node.Id, own.Room, ct));
        await AddOthersAsync(others, participants, tracks, listed, trackIds);
        return (participants, tracks);
    }

    /// <summary>
    /// The list for someone joining over HLS, who is on no node: the HLS audience and every node of the room. A
    /// single node that the registry does not describe (one standalone node) is asked as it is.
    /// </summary>
    public async Task<(List<ParticipantInfo> Participants, List<TrackInfo> Tracks)> ForAudienceAsync(string room, ClusterSnapshot cluster,
        CancellationToken ct)
    {
        var participants = new List<ParticipantInfo>();
        var tracks = new List<TrackInfo>();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        var trackIds = new HashSet<string>(StringComparer.Ordinal);
        await AddAudienceAsync(room, participants, listed, ct);
        var holding = cluster.NodesOfRoom(room);
        var sfus = cluster.Nodes.Where(n => n.Kind == NodeKinds.Sfu).ToList();
        var asked = new List<Task<SfuRoomSnapshot?>>();
        foreach (var node in holding.Count > 0 ? holding : sfus.Count == 1 ? sfus : []) asked.Add(AskAsync(node.Id, room, ct));
        await AddOthersAsync(asked, participants, tracks, listed, trackIds);
        return (participants, tracks);
    }

    private async Task AddAudienceAsync(string room, List<ParticipantInfo> participants, HashSet<string> listed, CancellationToken ct)
    {
        try
        {
            foreach (var member in await audience.InRoomAsync(room, ct))
                if (listed.Add(member.ParticipantId)) participants.Add(ParticipantInfo.From(member));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Redis away: the join goes on; its events fill the list in.
            logger.LogWarning(ex, "room {Room}: the HLS audience could not be read; the newcomer's list lacks it", room);
        }
    }

    private static async Task AddOthersAsync(List<Task<SfuRoomSnapshot?>> others, List<ParticipantInfo> participants, List<TrackInfo> tracks,
        HashSet<string> listed, HashSet<string> trackIds)
    {
        foreach (var snapshot in await Task.WhenAll(others))
        {
            if (snapshot is null) continue;
            // Only what originates there: relayed copies on that node are someone else's own entries.
            foreach (var p in snapshot.Participants)
                if (!p.Relayed && !RelayParticipants.IsPuller(p.ParticipantId) && listed.Add(p.ParticipantId))
                    participants.Add(ParticipantInfo.From(p));
            foreach (var t in snapshot.Tracks)
                if (!t.Relayed && trackIds.Add(t.TrackId)) tracks.Add(TrackInfo.From(t));
        }
    }

    private async Task<SfuRoomSnapshot?> AskAsync(string nodeId, string room, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(OtherNodeTimeout);
        try
        {
            var control = await nodes.ConnectAsync(nodeId, timeout.Token);
            return control is null ? null : await control.GetRoomAsync(room, timeout.Token);
        }
        catch (Exception ex) when (ex is SfuControlException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            logger.LogInformation("room {Room}: node {Node} did not say who is there ({Reason}); the newcomer's list lacks its participants",
                room, nodeId, ex.Message);
            return null;
        }
    }
}
