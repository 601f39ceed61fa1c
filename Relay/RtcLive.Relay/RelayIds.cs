namespace RtcLive.Relay;

/// <summary>How relay participants are named: a node pulling a room joins it at the origin as <c>relay:{node}</c>.</summary>
public static class RelayIds
{
    public const string Prefix = "relay:";

    public static string Puller(string nodeId) => Prefix + nodeId;

    public static bool IsPuller(string participantId) => participantId.StartsWith(Prefix, StringComparison.Ordinal);
}
