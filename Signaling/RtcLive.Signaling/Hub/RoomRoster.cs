using RtcLive.Cluster;
using RtcLive.Sfu.Control;
using RtcLive.Signaling.Hubs.Contracts;
using RtcLive.Signaling.Placement;

namespace RtcLive.Signaling.Hubs;

/// <summary>
/// The participant list and tracks a newcomer is given on joining: its own node's room, plus the people and
/// tracks of the room's other nodes (a class spread over regions is listed whole, as the room's events already
/// are). Relay plumbing stays out; a relayed publisher is listed once, as itself. A node that does not answer in
/// time costs only its own entries: later events fill them in.
/// </summary>
public sealed class RoomRoster(ISfuNodes nodes, ILogger<RoomRoster> logger)
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
        foreach (var p in own.Participants)
            if (!RelayParticipants.IsPuller(p.ParticipantId) && listed.Add(p.ParticipantId)) participants.Add(ParticipantInfo.From(p));
        foreach (var t in own.Tracks)
            if (trackIds.Add(t.TrackId)) tracks.Add(TrackInfo.From(t));

        var others = new List<Task<SfuRoomSnapshot?>>();
        foreach (var node in cluster.NodesOfRoom(own.Room))
            if (node.Id != own.NodeId) others.Add(AskAsync(node.Id, own.Room, ct));
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
        return (participants, tracks);
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
