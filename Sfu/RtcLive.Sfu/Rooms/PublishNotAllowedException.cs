namespace RtcLive.Sfu.Rooms;

/// <summary>A participant whose role does not allow publishing tried to publish.</summary>
public sealed class PublishNotAllowedException(string message) : Exception(message);
