using System.Net.Http.Json;
using RtcLive.Signaling.Auth;

namespace RtcLive.Signaling.Tests.Auth;

public sealed class LogSafetyTests
{
    private sealed record TokenResponse(string Token);

    [Fact]
    public async Task Tokens_never_reach_the_logs_even_at_debug_level()
    {
        await using var app = await AuthTestApp.StartAsync(AuthTestApp.Settings(devTokens: true, joinPermits: 1000));
        var sent = new List<string>();

        var dev = await app.Client.GetFromJsonAsync<TokenResponse>("/api/dev/token?room=math&name=ada&role=presenter");
        sent.Add(dev!.Token);
        string other = app.Tokens.Issue(new RoomClaims("physics", "bob", "Bob", RoomRole.Viewer));
        sent.Add(other);
        string forged = TokenFixtures.Unsigned(TokenFixtures.Payload(role: "moderator"));
        sent.Add(forged);

        foreach (string token in sent)
        {
            using var header = await app.Client.SendAsync(app.Whip("math", token));
            using var query = await app.Client.PostAsync($"/hubs/test/negotiate?room=math&negotiateVersion=1&access_token={token}", null);
        }

        Assert.Contains(app.Logs.Lines, line => line.Contains("refused POST /whip/math: token is for another room", StringComparison.Ordinal));
        Assert.Contains(app.Logs.Lines, line => line.Contains("refused POST /hubs/test/negotiate: token signature invalid", StringComparison.Ordinal));
        foreach (string token in sent)
        {
            // Any of a token's three parts would do harm (the signature most of all); none may appear.
            foreach (string part in token.Split('.', StringSplitOptions.RemoveEmptyEntries))
                Assert.DoesNotContain(app.Logs.Lines, line => line.Contains(part, StringComparison.Ordinal));
        }
    }
}
