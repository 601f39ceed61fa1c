using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using RtcLive.Signaling.Auth;

namespace RtcLive.Signaling.Tests.Auth;

public sealed class RoomTokenServiceTests
{
    private readonly ManualClock _clock = new(TokenFixtures.Start);

    [Fact]
    public void Issued_token_validates_with_the_same_claims()
    {
        var tokens = TokenFixtures.Service(_clock);
        var issued = new RoomClaims("math 101", "ada", "Ada Lovelace", RoomRole.Presenter);

        string token = tokens.Issue(issued, TimeSpan.FromMinutes(10));

        Assert.True(tokens.TryValidate(token, "math 101", out var claims, out string error), error);
        Assert.Equal(issued, claims with { IssuedAt = null });
        // Whole seconds in the token: the issue time read back is the clock's, truncated.
        Assert.Equal(_clock.GetUtcNow().ToUnixTimeSeconds(), claims.IssuedAt!.Value.ToUnixTimeSeconds());
        Assert.Equal("", error);
    }

    [Fact]
    public void Token_carries_the_documented_claims()
    {
        var tokens = TokenFixtures.Service(_clock);
        string token = tokens.Issue(new RoomClaims("math", "ada", "Ada", RoomRole.Moderator), TimeSpan.FromHours(2));

        var jwt = new JsonWebToken(token);
        Assert.Equal("HS256", jwt.Alg);
        Assert.Equal("math", jwt.GetPayloadValue<string>("room"));
        Assert.Equal("ada", jwt.GetPayloadValue<string>("sub"));
        Assert.Equal("Ada", jwt.GetPayloadValue<string>("name"));
        Assert.Equal("moderator", jwt.GetPayloadValue<string>("role"));
        Assert.Equal("rtclive", jwt.GetPayloadValue<string>("iss"));
        Assert.Equal(TokenFixtures.Start.ToUnixTimeSeconds(), jwt.GetPayloadValue<long>("iat"));
        Assert.Equal(TokenFixtures.Start.AddHours(2).ToUnixTimeSeconds(), jwt.GetPayloadValue<long>("exp"));
    }

    [Fact]
    public void Default_lifetime_applies_when_none_is_given()
    {
        var tokens = TokenFixtures.Service(_clock);
        string token = tokens.Issue(new RoomClaims("math", "ada", "Ada", RoomRole.Viewer));

        Assert.Equal(TokenFixtures.Start.AddHours(6).ToUnixTimeSeconds(), new JsonWebToken(token).GetPayloadValue<long>("exp"));
        _clock.Now = TokenFixtures.Start.AddHours(6) - TimeSpan.FromSeconds(1);
        Assert.True(tokens.TryValidate(token, "math", out _, out _));
    }

    [Fact]
    public void Expired_token_is_refused()
    {
        // Issued seven hours ago with the six-hour default: its expiry is an hour in the past.
        var tokens = TokenFixtures.Service(_clock);
        _clock.Now = TokenFixtures.Start.AddHours(-7);
        string token = tokens.Issue(new RoomClaims("math", "ada", "Ada", RoomRole.Viewer));
        _clock.Now = TokenFixtures.Start;

        Assert.False(tokens.TryValidate(token, "math", out var claims, out string error));
        Assert.Null(claims);
        Assert.Equal("token expired", error);
    }

    [Fact]
    public void Expiry_allows_thirty_seconds_of_clock_skew_and_no_more()
    {
        var tokens = TokenFixtures.Service(_clock);
        string token = tokens.Issue(new RoomClaims("math", "ada", "Ada", RoomRole.Viewer), TimeSpan.FromMinutes(1));

        _clock.Now = TokenFixtures.Start.AddMinutes(1).AddSeconds(30);
        Assert.True(tokens.TryValidate(token, "math", out _, out _));
        _clock.Now = TokenFixtures.Start.AddMinutes(1).AddSeconds(31);
        Assert.False(tokens.TryValidate(token, "math", out _, out string error));
        Assert.Equal(RoomTokenErrors.Expired, error);
    }

    [Fact]
    public void Token_not_valid_before_its_nbf_is_refused()
    {
        var payload = TokenFixtures.Payload();
        payload["nbf"] = TokenFixtures.Start.AddMinutes(5).ToUnixTimeSeconds();

        Assert.False(TokenFixtures.Service(_clock).TryValidate(TokenFixtures.Sign(payload), "math", out _, out string error));
        Assert.Equal("token not yet valid", error);
    }

    [Fact]
    public void Token_without_expiry_is_refused()
    {
        var payload = TokenFixtures.Payload();
        payload.Remove("exp");

        Assert.False(TokenFixtures.Service(_clock).TryValidate(TokenFixtures.Sign(payload), "math", out _, out string error));
        Assert.Equal("token has no expiry", error);
    }

    [Fact]
    public void Token_signed_with_another_secret_is_refused()
    {
        string forged = TokenFixtures.Service(_clock, secret: "another-secret-another-secret-another-secret")
            .Issue(new RoomClaims("math", "ada", "Ada", RoomRole.Moderator));

        Assert.False(TokenFixtures.Service(_clock).TryValidate(forged, "math", out _, out string error));
        Assert.Equal("token signature invalid", error);
    }

    [Fact]
    public void Unsigned_alg_none_token_is_refused()
    {
        string forged = TokenFixtures.Unsigned(TokenFixtures.Payload(role: "moderator"));

        Assert.False(TokenFixtures.Service(_clock).TryValidate(forged, "math", out _, out string error));
        Assert.Equal("token signature invalid", error);
    }

    [Fact]
    public void Token_with_tampered_payload_is_refused()
    {
        var tokens = TokenFixtures.Service(_clock);
        string genuine = tokens.Issue(new RoomClaims("math", "ada", "Ada", RoomRole.Viewer));
        string promoted = TokenFixtures.WithPayload(genuine, TokenFixtures.Payload(role: "moderator"));

        Assert.False(tokens.TryValidate(promoted, "math", out _, out string error));
        Assert.Equal("token signature invalid", error);
    }

    [Fact]
    public void Token_signed_with_another_algorithm_and_the_right_secret_is_refused()
    {
        // HS512 with our own secret is not forged in the cryptographic sense, but only HS256 is ever accepted.
        string secret = new('k', 64);
        string other = TokenFixtures.Sign(TokenFixtures.Payload(), secret, SecurityAlgorithms.HmacSha512);

        Assert.False(TokenFixtures.Service(_clock, secret).TryValidate(other, "math", out _, out string error));
        Assert.Equal("token signature invalid", error);
    }

    [Fact]
    public void Token_from_another_issuer_is_refused()
    {
        var payload = TokenFixtures.Payload();
        payload["iss"] = "someone-else";

        Assert.False(TokenFixtures.Service(_clock).TryValidate(TokenFixtures.Sign(payload), "math", out _, out string error));
        Assert.Equal("token issuer invalid", error);
    }

    [Fact]
    public void Token_for_another_room_is_refused()
    {
        var tokens = TokenFixtures.Service(_clock);
        string token = tokens.Issue(new RoomClaims("math", "ada", "Ada", RoomRole.Presenter));

        Assert.False(tokens.TryValidate(token, "physics", out _, out string error));
        Assert.Equal("token is for another room", error);
        // Room names are compared exactly: no case folding, no trimming.
        Assert.False(tokens.TryValidate(token, "Math", out _, out error));
        Assert.Equal("token is for another room", error);
    }

    [Fact]
    public void Token_without_room_is_refused()
    {
        var payload = TokenFixtures.Payload();
        payload.Remove("room");

        Assert.False(TokenFixtures.Service(_clock).TryValidate(TokenFixtures.Sign(payload), "math", out _, out string error));
        Assert.Equal("token is for another room", error);
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("")]
    [InlineData("2")]
    [InlineData("presenter ")]
    public void Token_with_unknown_role_is_refused(string role)
    {
        string token = TokenFixtures.Sign(TokenFixtures.Payload(role: role));

        Assert.False(TokenFixtures.Service(_clock).TryValidate(token, "math", out _, out string error));
        Assert.Equal("token has no valid role", error);
    }

    [Fact]
    public void Token_without_role_is_refused()
    {
        var payload = TokenFixtures.Payload();
        payload.Remove("role");

        Assert.False(TokenFixtures.Service(_clock).TryValidate(TokenFixtures.Sign(payload), "math", out _, out string error));
        Assert.Equal("token has no valid role", error);
    }

    [Fact]
    public void Role_claim_from_another_issuer_is_read_case_insensitively()
    {
        Assert.True(TokenFixtures.Service(_clock).TryValidate(TokenFixtures.Sign(TokenFixtures.Payload(role: "Presenter")), "math", out var claims, out _));
        Assert.Equal(RoomRole.Presenter, claims.Role);
    }

    [Fact]
    public void Token_without_identity_is_refused()
    {
        var payload = TokenFixtures.Payload();
        payload.Remove("sub");

        Assert.False(TokenFixtures.Service(_clock).TryValidate(TokenFixtures.Sign(payload), "math", out _, out string error));
        Assert.Equal("token has no identity", error);
    }

    [Fact]
    public void Token_without_name_shows_the_identity()
    {
        var payload = TokenFixtures.Payload();
        payload.Remove("name");

        Assert.True(TokenFixtures.Service(_clock).TryValidate(TokenFixtures.Sign(payload), "math", out var claims, out _));
        Assert.Equal("ada", claims.Name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Empty_token_is_missing(string token)
    {
        Assert.False(TokenFixtures.Service(_clock).TryValidate(token, "math", out _, out string error));
        Assert.Equal("token missing", error);
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.%%%.sig")]
    public void Garbage_is_malformed(string token)
    {
        Assert.False(TokenFixtures.Service(_clock).TryValidate(token, "math", out _, out string error));
        Assert.Equal("token malformed", error);
    }

    [Fact]
    public void Oversized_token_is_refused_before_parsing()
    {
        var payload = TokenFixtures.Payload();
        payload["padding"] = new string('x', RoomTokenService.MaxTokenBytes);

        Assert.False(TokenFixtures.Service(_clock).TryValidate(TokenFixtures.Sign(payload), "math", out _, out string error));
        Assert.Equal("token malformed", error);
    }

    [Fact]
    public void Issue_refuses_a_lifetime_that_is_not_positive()
    {
        var tokens = TokenFixtures.Service(_clock);
        var claims = new RoomClaims("math", "ada", "Ada", RoomRole.Viewer);

        Assert.Throws<ArgumentOutOfRangeException>(() => tokens.Issue(claims, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => tokens.Issue(claims, TimeSpan.FromMinutes(-1)));
    }

    [Fact]
    public void Issue_refuses_claims_without_room_or_identity()
    {
        var tokens = TokenFixtures.Service(_clock);

        Assert.Throws<ArgumentException>(() => tokens.Issue(new RoomClaims("", "ada", "Ada", RoomRole.Viewer)));
        Assert.Throws<ArgumentException>(() => tokens.Issue(new RoomClaims("math", "", "Ada", RoomRole.Viewer)));
    }
}
