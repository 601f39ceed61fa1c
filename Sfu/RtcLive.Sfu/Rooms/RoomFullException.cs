namespace RtcLive.Sfu.Rooms;

/// <summary>A room, or the node, has reached a configured limit.</summary>
public sealed class RoomFullException(string message) : Exception(message);
