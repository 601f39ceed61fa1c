namespace RtcLive.Signaling.Ice;

/// <summary>
/// STUN/TURN servers handed to browsers with every join (<c>RtcLive:Turn</c>), for networks where neither UDP nor
/// the node's ICE-TCP port gets through. With <see cref="Secret"/> each join gets TURN REST credentials (the
/// scheme coturn checks with <c>use-auth-secret</c> and <c>static-auth-secret</c>): nothing per user is stored on
/// the TURN server, and the credentials stop working after <see cref="CredentialLifetime"/>.
/// </summary>
public sealed class TurnOptions
{
    public const string Section = "RtcLive:Turn";

    /// <summary>
    /// <c>turn:</c>, <c>turns:</c> or <c>stun:</c> URLs, e.g. <c>turn:turn.example.com:3478?transport=udp</c>,
    /// <c>turn:turn.example.com:3478?transport=tcp</c>, <c>turns:turn.example.com:5349?transport=tcp</c>. Empty: none.
    /// </summary>
    public List<string> Urls { get; set; } = [];

    /// <summary>The secret shared with the TURN server (coturn's <c>static-auth-secret</c>); required for <c>turn:</c> URLs.</summary>
    public string Secret { get; set; } = "";

    /// <summary>How long issued credentials work. A TURN allocation is refreshed with them while it lives, so cover a class.</summary>
    public TimeSpan CredentialLifetime { get; set; } = TimeSpan.FromHours(6);
}
