namespace RtcLive.Sfu.Rooms;

/// <summary>The room emptied and left the node between finding it and joining it; the caller takes the node's current room.</summary>
internal sealed class RoomRetiredException() : Exception("the room was retired");
