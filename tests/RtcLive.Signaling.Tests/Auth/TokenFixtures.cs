using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using RtcLive.Signaling.Auth;

namespace RtcLive.Signaling.Tests.Auth;

/// <summary>Services under test on a hand-moved clock, and tokens built by hand the way an attacker or another issuer would.</summary>
public static class TokenFixtures
{
    public static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static RoomTokenService Service(TimeProvider clock, string secret = AuthTestApp.Secret, string issuer = "rtclive") =>
        new(Options.Create(new TokenOptions { Secret = secret, Issuer = issuer }), clock);

    /// <summary>A token with exactly these payload claims, signed with <paramref name="secret"/> using <paramref name="algorithm"/>.</summary>
    public static string Sign(Dictionary<string, object> payload, string secret = AuthTestApp.Secret, string algorithm = SecurityAlgorithms.HmacSha256)
    {
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret));
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = payload,
            SigningCredentials = new SigningCredentials(key, algorithm),
        });
    }

    /// <summary>The payload claims our service writes, for a token valid an hour around <see cref="Start"/>.</summary>
    public static Dictionary<string, object> Payload(string room = "math", string role = "viewer") => new()
    {
        ["iss"] = "rtclive",
        ["room"] = room,
        ["sub"] = "ada",
        ["name"] = "Ada",
        ["role"] = role,
        ["iat"] = Start.ToUnixTimeSeconds(),
        ["exp"] = Start.AddHours(1).ToUnixTimeSeconds(),
    };

    /// <summary>An unsigned token (<c>alg: none</c>), as in the classic JWT forgery.</summary>
    public static string Unsigned(Dictionary<string, object> payload) =>
        $"{Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""")}.{Base64UrlEncoder.Encode(System.Text.Json.JsonSerializer.Serialize(payload))}.";

    /// <summary>The token's header and signature with another payload: what editing a token in transit gives.</summary>
    public static string WithPayload(string token, Dictionary<string, object> payload)
    {
        string[] parts = token.Split('.');
        return $"{parts[0]}.{Base64UrlEncoder.Encode(System.Text.Json.JsonSerializer.Serialize(payload))}.{parts[2]}";
    }
}
