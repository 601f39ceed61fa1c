namespace RtcLive.WebRtc.Stun;

/// <summary>The ERROR-CODE values ICE answers with (RFC 8489 §14.8, RFC 8445 §16.1) and their reason phrases.</summary>
public static class StunErrorCode
{
    /// <summary>The request was malformed, e.g. it lacked USERNAME or MESSAGE-INTEGRITY.</summary>
    public const int BadRequest = 400;

    /// <summary>The USERNAME is not one we accept, or MESSAGE-INTEGRITY does not verify.</summary>
    public const int Unauthorized = 401;

    /// <summary>The request carried a comprehension-required attribute we do not understand.</summary>
    public const int UnknownAttribute = 420;

    /// <summary>Both agents claimed the same ICE role (RFC 8445 §7.3.1.1).</summary>
    public const int RoleConflict = 487;

    public const int ServerError = 500;

    /// <summary>The reason phrase RFC 8489 suggests for <paramref name="code"/>.</summary>
    public static string ReasonPhrase(int code) => code switch
    {
        BadRequest => "Bad Request",
        Unauthorized => "Unauthorized",
        UnknownAttribute => "Unknown Attribute",
        RoleConflict => "Role Conflict",
        ServerError => "Server Error",
        _ => "Error",
    };
}
