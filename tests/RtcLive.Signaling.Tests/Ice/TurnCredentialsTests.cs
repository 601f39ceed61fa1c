using Microsoft.Extensions.Options;
using RtcLive.Signaling.Ice;
using RtcLive.Signaling.Tests.Auth;

namespace RtcLive.Signaling.Tests.Ice;

/// <summary>TURN REST credentials as coturn's use-auth-secret checks them, and the settings refused at start.</summary>
public sealed class TurnCredentialsTests
{
    private static readonly DateTimeOffset Midnight = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static TurnCredentials Credentials(params string[] urls) => new(Options.Create(new TurnOptions
    {
        Urls = [.. urls],
        Secret = "north-wind-secret-0123",
        CredentialLifetime = TimeSpan.FromHours(6),
    }), new ManualClock(Midnight));

    [Fact]
    public void The_username_carries_the_expiry_and_the_password_is_the_hmac_of_it()
    {
        var (username, password) = Credentials("turn:turn.example.com:3478").Issue("bob smith");

        Assert.Equal("1767247200:bob_smith", username); // 06:00 UTC, six hours on; the identity made safe
        // printf '1767247200:bob_smith' | openssl dgst -sha1 -hmac north-wind-secret-0123 -binary | base64
        Assert.Equal("KM/1bfUR7v1Jga2ro3K9mbwAvNM=", password);
    }

    [Fact]
    public void Stun_urls_go_without_credentials_and_turn_urls_with_them()
    {
        var servers = Credentials("stun:stun.example.com:3478", "turn:turn.example.com:3478?transport=udp", "turns:turn.example.com:5349?transport=tcp").For("alice");

        Assert.Equal(2, servers.Count);
        Assert.Equal(["stun:stun.example.com:3478"], servers[0].Urls);
        Assert.Null(servers[0].Username);
        Assert.Equal(["turn:turn.example.com:3478?transport=udp", "turns:turn.example.com:5349?transport=tcp"], servers[1].Urls);
        Assert.StartsWith("1767247200:alice", servers[1].Username);
        Assert.False(string.IsNullOrEmpty(servers[1].Credential));
        Assert.Empty(Credentials().For("alice"));
    }

    [Theory]
    [InlineData("turn:turn.example.com:3478", "", "Secret")]
    [InlineData("turn:turn.example.com:3478", "short", "Secret")]
    [InlineData("http://turn.example.com", "north-wind-secret-0123", "is not a turn:")]
    [InlineData("turn:a b", "north-wind-secret-0123", "malformed")]
    public void Unusable_settings_are_refused_with_the_reason(string url, string secret, string reason)
    {
        var result = new TurnOptionsValidator().Validate(null, new TurnOptions { Urls = [url], Secret = secret });

        Assert.True(result.Failed);
        Assert.Contains(reason, result.FailureMessage);
    }

    [Fact]
    public void Stun_alone_needs_no_secret()
    {
        Assert.True(new TurnOptionsValidator().Validate(null, new TurnOptions { Urls = ["stun:stun.example.com:3478"] }).Succeeded);
        Assert.True(new TurnOptionsValidator().Validate(null, new TurnOptions()).Succeeded);
    }
}
