using System.Diagnostics.CodeAnalysis;
using Microsoft.Net.Http.Headers;

namespace RtcLive.Signaling.Auth;

/// <summary>Finds the bearer token an HTTP client sent.</summary>
public static class BearerToken
{
    /// <summary>The query parameter browsers use where they cannot set headers (SignalR's WebSocket and SSE requests).</summary>
    public const string QueryParameter = "access_token";

    /// <summary>
    /// From <c>Authorization: Bearer …</c> (RFC 6750 §2.1), else from the <c>access_token</c> query parameter (§2.3).
    /// False when neither holds a token; another scheme (Basic, …) is not a bearer token.
    /// </summary>
    public static bool TryRead(HttpRequest request, [NotNullWhen(true)] out string? token)
    {
        foreach (string? header in request.Headers[HeaderNames.Authorization])
        {
            var value = header.AsSpan().Trim();
            if (value.Length > 7 && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                var credential = value[7..].Trim();
                if (!credential.IsEmpty)
                {
                    token = credential.ToString();
                    return true;
                }
            }
        }
        foreach (string? value in request.Query[QueryParameter])
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                token = value.Trim();
                return true;
            }
        }
        token = null;
        return false;
    }
}
