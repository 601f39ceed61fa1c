namespace RtcLive.Signaling.Hubs.Contracts;

/// <summary>
/// <c>Join</c>'s argument. The token (here, or the one the connection was opened with) decides identity, name and
/// role; only without any token, and only where dev tokens are enabled, do <see cref="Name"/> and <see cref="Role"/>.
/// </summary>
public sealed record JoinRequest
{
    public string? Room { get; init; }

    public string? Name { get; init; }

    /// <summary><c>presenter</c>, <c>speaker</c>, <c>viewer</c> or <c>moderator</c>.</summary>
    public string? Role { get; init; }

    public string? Token { get; init; }

    /// <summary>Placement hint: the region the client wants to be served from (the web client's <c>region=</c>).</summary>
    public string? Region { get; init; }

    /// <summary>
    /// <c>webrtc</c> (the default) or <c>hls</c>: the page watches over HLS and joins for the classroom alone (chat,
    /// hands, the participant list), placed on no SFU node. Only viewers join this way.
    /// </summary>
    public string? Media { get; init; }

    /// <summary>A node the client just lost (its media failed there): placement skips it for a while.</summary>
    public string? AvoidNode { get; init; }
}
