using RtcLive.Signaling.Auth;

namespace RtcLive.Signaling.Hubs;

/// <summary>
/// A hub connection joined to a room as one participant, placed on one SFU node; or, with an empty
/// <paramref name="NodeId"/>, taking part without media (it watches over HLS: chat and hands only, no node).
/// </summary>
public sealed record ConnectionBinding(string ConnectionId, string Room, string ParticipantId, string Name, RoomRole Role, string NodeId)
{
    /// <summary>The NodeId of a participant bound to signaling alone.</summary>
    public const string NoNode = "";

    /// <summary>Bound to signaling alone: it watches over HLS, and no SFU node knows it.</summary>
    public bool OverHls => NodeId.Length == 0;
}
