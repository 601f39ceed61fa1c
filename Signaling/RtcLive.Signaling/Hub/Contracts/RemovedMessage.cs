namespace RtcLive.Signaling.Hubs.Contracts;

/// <summary>A moderator removed this participant: it is out of the room and cannot rejoin it.</summary>
public sealed record RemovedMessage(string Room, string By, string Reason);
