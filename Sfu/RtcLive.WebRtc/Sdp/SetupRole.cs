namespace RtcLive.WebRtc.Sdp;

/// <summary>
/// The <c>a=setup</c> attribute (RFC 4145, RFC 8842): which side opens the DTLS association. <c>active</c> sends
/// the ClientHello (DTLS client), <c>passive</c> waits for it (DTLS server), and an offer says <c>actpass</c> to
/// let the answerer choose.
/// </summary>
public enum SetupRole
{
    ActPass,
    Active,
    Passive,
    HoldConn,
}

public static class SetupRoleExtensions
{
    public static string ToSdp(this SetupRole role) => role switch
    {
        SetupRole.ActPass => "actpass",
        SetupRole.Active => "active",
        SetupRole.Passive => "passive",
        SetupRole.HoldConn => "holdconn",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    /// <summary>Case-insensitive, as clients differ in letter case.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out SetupRole role)
    {
        if (text.Equals("actpass", StringComparison.OrdinalIgnoreCase)) { role = SetupRole.ActPass; return true; }
        if (text.Equals("active", StringComparison.OrdinalIgnoreCase)) { role = SetupRole.Active; return true; }
        if (text.Equals("passive", StringComparison.OrdinalIgnoreCase)) { role = SetupRole.Passive; return true; }
        if (text.Equals("holdconn", StringComparison.OrdinalIgnoreCase)) { role = SetupRole.HoldConn; return true; }
        role = default;
        return false;
    }

    /// <summary>
    /// True when the endpoint that wrote this role in a final answer (or whose peer answered the opposite) acts as
    /// the DTLS client. Only meaningful for <c>active</c>/<c>passive</c>, the roles an answer settles on.
    /// </summary>
    public static bool IsDtlsClient(this SetupRole role) => role == SetupRole.Active;
}
