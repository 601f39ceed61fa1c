using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RtcLive.Signaling.Auth;

namespace RtcLive.Signaling.Tests.Auth;

public sealed class TokenOptionsTests
{
    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        var options = new TokenOptions();
        Assert.Equal("rtclive", options.Issuer);
        Assert.False(options.DevTokens);
        Assert.Equal(TimeSpan.FromHours(6), options.DefaultLifetime);
        Assert.Equal("", options.Secret);
    }

    [Fact]
    public void Short_secret_is_refused_with_its_length()
    {
        var result = new TokenOptionsValidator().Validate(null, new TokenOptions { Secret = "too-short" });
        Assert.True(result.Failed);
        Assert.Contains("RtcLive:Auth:Secret is 9 bytes; HS256 needs at least 32.", result.Failures!);
    }

    [Fact]
    public void Empty_issuer_and_non_positive_lifetime_are_refused()
    {
        var result = new TokenOptionsValidator().Validate(null,
            new TokenOptions { Secret = AuthTestApp.Secret, Issuer = " ", DefaultLifetime = TimeSpan.Zero });
        Assert.Equal(2, result.Failures!.Count());
    }

    [Fact]
    public async Task Without_a_secret_outside_dev_mode_the_app_refuses_to_start()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(
            () => AuthTestApp.StartAsync(AuthTestApp.Settings(devTokens: false, secret: "")));
        Assert.Contains("RtcLive:Auth:Secret is empty", failure.Message);
        Assert.Contains("DevTokens=true", failure.Message);
    }

    [Fact]
    public async Task Without_a_secret_in_dev_mode_a_random_one_is_made_per_process_and_a_warning_logged()
    {
        await using var first = await AuthTestApp.StartAsync(AuthTestApp.Settings(devTokens: true, secret: ""));
        await using var second = await AuthTestApp.StartAsync(AuthTestApp.Settings(devTokens: true, secret: ""));
        string token = first.Tokens.Issue(new RoomClaims("math", "ada", "Ada", RoomRole.Viewer));

        Assert.True(first.Tokens.TryValidate(token, "math", out _, out _));
        // Another process (here: host) made its own secret, so it cannot check the first one's tokens.
        Assert.False(second.Tokens.TryValidate(token, "math", out _, out string error));
        Assert.Equal(RoomTokenErrors.BadSignature, error);
        Assert.Single(first.Logs.Lines, line => line.StartsWith($"{LogLevel.Warning} RtcLive.Auth: RtcLive:Auth:Secret is empty", StringComparison.Ordinal));
        // Every options instance (not only the singleton) carries the same generated secret.
        var monitor = first.App.Services.GetService(typeof(IOptionsMonitor<TokenOptions>)) as IOptionsMonitor<TokenOptions>;
        var singleton = first.App.Services.GetService(typeof(IOptions<TokenOptions>)) as IOptions<TokenOptions>;
        Assert.Equal(singleton!.Value.Secret, monitor!.CurrentValue.Secret);
        Assert.NotEmpty(singleton.Value.Secret);
    }
}
