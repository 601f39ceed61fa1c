namespace RtcLive.Signaling.Hubs.Contracts;

/// <summary>The class is over for everyone: the connection is out of the room and should not rejoin.</summary>
public sealed record ClassEndedMessage(string Room, string By);
