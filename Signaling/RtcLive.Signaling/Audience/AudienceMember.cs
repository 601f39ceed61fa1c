namespace RtcLive.Signaling.Audience;

/// <summary>
/// A participant who watches over HLS: bound to one hub connection of one signaling instance, on no SFU node.
/// <paramref name="ExpiresAt"/> (ms since the epoch) lets a cluster forget members of an instance that died without
/// saying goodbye; the instance holding the connection pushes it forward while the connection lives.
/// </summary>
public sealed record AudienceMember(string ParticipantId, string Name, string Role, string ConnectionId, string InstanceId, long ExpiresAt);
