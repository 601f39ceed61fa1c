namespace RtcLive.Signaling.Auth;

/// <summary>Who a room token admits: to which room, as whom, with which role.</summary>
/// <param name="Room">The room the token is good for, and no other.</param>
/// <param name="Identity">The <c>sub</c> claim; unique in the room (a second session with it replaces the first).</param>
/// <param name="Name">The name shown to others.</param>
/// <param name="Role">What the participant may do.</param>
public sealed record RoomClaims(string Room, string Identity, string Name, RoomRole Role)
{
    /// <summary>When the token was issued (its <c>iat</c>); null for a dev-mode join without a token, which counts as now.</summary>
    public DateTimeOffset? IssuedAt { get; init; }
}
