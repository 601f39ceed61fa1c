using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace RtcLive.Signaling.Ice;

/// <summary>
/// The ICE servers a participant gets on joining, with time-limited TURN credentials (the TURN REST API scheme:
/// username <c>expiry:identity</c>, password Base64(HMAC-SHA1(secret, username)), which coturn verifies with its
/// <c>static-auth-secret</c>, refusing the username once its expiry has passed).
/// </summary>
public sealed class TurnCredentials(IOptions<TurnOptions> options, TimeProvider time)
{
    private readonly TurnOptions _options = options.Value;

    public bool IsConfigured => _options.Urls.Count > 0;

    /// <summary>The servers for <paramref name="identity"/>; empty when none are configured.</summary>
    public IReadOnlyList<IceServerInfo> For(string identity)
    {
        if (_options.Urls.Count == 0) return [];
        var stun = _options.Urls.Where(u => u.StartsWith("stun", StringComparison.OrdinalIgnoreCase)).ToList();
        var turn = _options.Urls.Where(u => !u.StartsWith("stun", StringComparison.OrdinalIgnoreCase)).ToList();
        var servers = new List<IceServerInfo>(2);
        if (stun.Count > 0) servers.Add(new IceServerInfo(stun, null, null));
        if (turn.Count > 0)
        {
            var (username, password) = Issue(identity);
            servers.Add(new IceServerInfo(turn, username, password));
        }
        return servers;
    }

    /// <summary>
    /// The servers as WHIP/WHEP <c>Link</c> header values (RFC 9725 §4.6): <c>&lt;turn:…&gt;; rel="ice-server";
    /// username="…"; credential="…"; credential-type="password"</c>, one per URL.
    /// </summary>
    public IReadOnlyList<string> LinkHeaders(string identity)
    {
        var links = new List<string>();
        foreach (var server in For(identity))
        {
            foreach (string url in server.Urls)
            {
                string link = $"<{url}>; rel=\"ice-server\"";
                if (server.Username is not null && server.Credential is not null)
                    link += $"; username=\"{server.Username}\"; credential=\"{server.Credential}\"; credential-type=\"password\"";
                links.Add(link);
            }
        }
        return links;
    }

    /// <summary>A username that expires after the configured lifetime, and its password.</summary>
    public (string Username, string Password) Issue(string identity)
    {
        long expiry = time.GetUtcNow().Add(_options.CredentialLifetime).ToUnixTimeSeconds();
        // The TURN server reads the expiry up to the first ':'; the rest only labels the allocation in its logs.
        string username = $"{expiry}:{Sanitize(identity)}";
        byte[] mac = HMACSHA1.HashData(Encoding.UTF8.GetBytes(_options.Secret), Encoding.UTF8.GetBytes(username));
        return (username, Convert.ToBase64String(mac));
    }

    private static string Sanitize(string identity)
    {
        var clean = new StringBuilder(Math.Min(identity.Length, 64));
        foreach (char c in identity)
        {
            if (clean.Length == 64) break;
            clean.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }
        return clean.Length == 0 ? "participant" : clean.ToString();
    }
}
