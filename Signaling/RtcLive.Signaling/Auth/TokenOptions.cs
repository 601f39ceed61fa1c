namespace RtcLive.Signaling.Auth;

/// <summary>Room tokens, bound from <c>RtcLive:Auth</c>.</summary>
public sealed class TokenOptions
{
    public const string Section = "RtcLive:Auth";

    /// <summary>HMAC-SHA256 key, at least 32 bytes of UTF-8, shared by every signaling instance of a cluster.
    /// Empty is allowed only with <see cref="DevTokens"/>: a throwaway secret is then made for this process.</summary>
    public string Secret { get; set; } = "";

    /// <summary>The <c>iss</c> claim written and required.</summary>
    public string Issuer { get; set; } = "rtclive";

    /// <summary>Enables <c>GET /api/dev/token</c> and lets requests without a token in. Dev mode: never in production.</summary>
    public bool DevTokens { get; set; }

    /// <summary>How long a token lives when the issuer does not say.</summary>
    public TimeSpan DefaultLifetime { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Bearer token of the admin API; empty: the admin API refuses everyone.</summary>
    public string AdminToken { get; set; } = "";
}
