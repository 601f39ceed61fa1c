namespace RtcLive.SfuNode.Hosting;

/// <summary>Who this node is and who may control it, bound from <c>RtcLive:Node</c>.</summary>
public sealed class NodeOptions
{
    public const string Section = "RtcLive:Node";

    /// <summary>Shortest control token accepted: a guessable one would hand the node to anyone who can reach its port.</summary>
    public const int MinTokenLength = 16;

    /// <summary>The node's id in the cluster and in the web client's stats; unique in the cluster.</summary>
    public string Id { get; set; } = "sfu-1";

    /// <summary>The region the node serves, for placement.</summary>
    public string Region { get; set; } = "local";

    /// <summary>The shared secret signaling presents as a bearer token on every control call. Required.</summary>
    public string ControlToken { get; set; } = "";

    /// <summary>Most participants the node takes in all (placement sends the rest elsewhere).</summary>
    public int Capacity { get; set; } = 500;

    /// <summary>What is wrong with the settings, or null when the node can start.</summary>
    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(Id)) return $"{Section}:Id is empty: every node needs an id unique in the cluster";
        if (string.IsNullOrWhiteSpace(Region)) return $"{Section}:Region is empty";
        if (ControlToken.Length < MinTokenLength)
            return $"{Section}:ControlToken must be set to a secret of at least {MinTokenLength} characters (the same one signaling's " +
                   "RtcLive:Sfu:ControlToken holds): the control API is never open";
        if (Capacity < 1) return $"{Section}:Capacity must be positive";
        return null;
    }
}
