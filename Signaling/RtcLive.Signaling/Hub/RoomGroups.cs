namespace RtcLive.Signaling.Hubs;

/// <summary>The SignalR group of a room's connections, for room-wide events.</summary>
public static class RoomGroups
{
    public static string Of(string room) => "room:" + room;
}
