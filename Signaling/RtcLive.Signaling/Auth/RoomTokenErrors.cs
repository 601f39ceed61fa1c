namespace RtcLive.Signaling.Auth;

/// <summary>
/// Why a token was refused, as told to the client (HTTP <c>error_description</c>, hub errors). Fixed texts: they never
/// echo the token, so they are safe to log.
/// </summary>
public static class RoomTokenErrors
{
    public const string Missing = "token missing";
    public const string Malformed = "token malformed";
    public const string Expired = "token expired";
    public const string NotYetValid = "token not yet valid";
    public const string NoExpiry = "token has no expiry";
    public const string BadSignature = "token signature invalid";
    public const string WrongIssuer = "token issuer invalid";
    public const string OtherRoom = "token is for another room";
    public const string NoIdentity = "token has no identity";
    public const string NoValidRole = "token has no valid role";
    public const string Invalid = "token invalid";
}
