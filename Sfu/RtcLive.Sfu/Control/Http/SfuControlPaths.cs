namespace RtcLive.Sfu.Control.Http;

/// <summary>
/// Where each call of the control API lives on a node (<c>POST</c> with a JSON body unless noted), shared by the
/// node's endpoints and <see cref="HttpSfuNodeControl"/> so the two cannot drift apart. Versioned, because nodes
/// and signaling instances of different releases meet during a rolling upgrade.
/// </summary>
public static class SfuControlPaths
{
    public const string Prefix = "/control/v1";

    /// <summary><c>GET</c>: <see cref="SfuNodeStatus"/>.</summary>
    public const string Status = Prefix + "/status";

    /// <summary><c>GET</c>: the node's events as newline-delimited JSON, one <see cref="SfuControlEvent"/> per line; empty lines keep it alive.</summary>
    public const string Events = Prefix + "/events";

    public const string Join = Prefix + "/join";
    public const string JoinPublishOnly = Prefix + "/join-publish-only";
    public const string JoinForPlayback = Prefix + "/join-playback";
    public const string Publish = Prefix + "/publish";
    public const string AnswerSubscription = Prefix + "/answer-subscription";
    public const string SetLayer = Prefix + "/layer";
    /// <summary>Answers <see cref="SfuRelayLayers"/>.</summary>
    public const string SetRelayLayers = Prefix + "/relay-layers";
    public const string SetPaused = Prefix + "/pause";
    public const string SetTrackMuted = Prefix + "/mute";
    public const string SetRole = Prefix + "/role";
    public const string Stats = Prefix + "/stats";

    /// <summary><see cref="RoomRequest"/> in, <see cref="SfuRoomSnapshot"/> out.</summary>
    public const string Room = Prefix + "/room";
    public const string Leave = Prefix + "/leave";
    public const string Drain = Prefix + "/drain";
    public const string PullRoom = Prefix + "/pull";
}
