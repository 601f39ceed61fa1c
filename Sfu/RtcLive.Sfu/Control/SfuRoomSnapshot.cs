namespace RtcLive.Sfu.Control;

/// <summary>
/// Who is in a room on one node and what they publish, without joining it: signaling merges the snapshots of a
/// room's other nodes into a newcomer's participant list, so a class spread over nodes is listed whole.
/// Empty when the node has no such room.
/// </summary>
public sealed record SfuRoomSnapshot(string NodeId, string Room, IReadOnlyList<SfuParticipantInfo> Participants,
    IReadOnlyList<SfuTrackInfo> Tracks);
