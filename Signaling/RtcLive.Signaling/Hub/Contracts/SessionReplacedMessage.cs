namespace RtcLive.Signaling.Hubs.Contracts;

/// <summary>
/// Told to a connection whose participant joined again from elsewhere (a reloaded page, a second tab): this
/// connection is out of the room and its media stops; it should not reconnect on its own.
/// </summary>
public sealed record SessionReplacedMessage(string Room, string ParticipantId, string Reason);
