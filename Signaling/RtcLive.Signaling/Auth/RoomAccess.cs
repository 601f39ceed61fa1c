using System.Diagnostics.CodeAnalysis;

namespace RtcLive.Signaling.Auth;

/// <summary>
/// What the room-token check let through, for the endpoint to act on: either checked claims, or (dev mode only) a
/// request that came without a token, whose endpoint picks a name and role itself (e.g. WHIP's presenter <c>whip-N</c>).
/// </summary>
public sealed class RoomAccess
{
    private RoomAccess(string room, RoomClaims? claims)
    {
        Room = room;
        Claims = claims;
    }

    /// <summary>The room the request is for, from its route or query.</summary>
    public string Room { get; }

    /// <summary>The token's claims; null when <see cref="IsDevWithoutToken"/>.</summary>
    public RoomClaims? Claims { get; }

    [MemberNotNullWhen(false, nameof(Claims))]
    public bool IsDevWithoutToken => Claims is null;

    public static RoomAccess WithToken(RoomClaims claims) => new(claims.Room, claims);

    public static RoomAccess DevWithoutToken(string room) => new(room, null);

    /// <summary>The access granted to this request by <see cref="RoomTokenMiddleware"/>; null on endpoints it does not guard.</summary>
    public static RoomAccess? Of(HttpContext context) => context.Features.Get<RoomAccess>();

    internal void AttachTo(HttpContext context) => context.Features.Set(this);
}
