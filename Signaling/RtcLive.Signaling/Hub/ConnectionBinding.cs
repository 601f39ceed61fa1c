using RtcLive.Signaling.Auth;

namespace RtcLive.Signaling.Hubs;

/// <summary>A hub connection joined to a room as one participant, placed on one SFU node.</summary>
public sealed record ConnectionBinding(string ConnectionId, string Room, string ParticipantId, string Name, RoomRole Role, string NodeId);
