namespace RtcLive.Signaling.Placement;

/// <summary>
/// Signaling's view of relay plumbing: a node pulling a room joins the origin as <c>relay:{node}</c> (see
/// RtcLive.Relay's RelayIds); such participants are never shown to people.
/// </summary>
public static class RelayParticipants
{
    public static bool IsPuller(string participantId) => participantId.StartsWith("relay:", StringComparison.Ordinal);
}
