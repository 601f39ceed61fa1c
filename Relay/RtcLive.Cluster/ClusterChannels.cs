namespace RtcLive.Cluster;

/// <summary>The cluster's pub/sub channels (<see cref="IClusterStore.PublishAsync"/>) and what their messages are.</summary>
public static class ClusterChannels
{
    /// <summary>A moderator ended a class; the message is the room. HLS workers end its playlists (EXT-X-ENDLIST).</summary>
    public const string ClassEnded = "rtclive:class-ended";
}
