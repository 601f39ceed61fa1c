using System.Net;
using System.Net.Http.Json;
using RtcLive.Signaling.Auth;

namespace RtcLive.Signaling.Tests.Auth;

public sealed class DevTokenEndpointTests
{
    private sealed record TokenResponse(string Token);

    [Fact]
    public async Task In_dev_mode_it_issues_a_token_for_the_room_name_and_role()
    {
        await using var app = await AuthTestApp.StartAsync(AuthTestApp.Settings(devTokens: true));

        using var response = await app.Client.GetAsync("/api/dev/token?room=math%20101&name=Ada%20L&role=Presenter");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var body = await response.Content.ReadFromJsonAsync<TokenResponse>();
        Assert.True(app.Tokens.TryValidate(body!.Token, "math 101", out var claims, out string error), error);
        Assert.Equal(new RoomClaims("math 101", "Ada L", "Ada L", RoomRole.Presenter), claims with { IssuedAt = null });
        Assert.NotNull(claims.IssuedAt);
    }

    [Fact]
    public async Task Response_is_exactly_a_token_property()
    {
        await using var app = await AuthTestApp.StartAsync(AuthTestApp.Settings(devTokens: true));

        string json = await app.Client.GetStringAsync("/api/dev/token?room=math&name=ada&role=viewer");

        using var document = System.Text.Json.JsonDocument.Parse(json);
        var property = Assert.Single(document.RootElement.EnumerateObject());
        Assert.Equal("token", property.Name);
    }

    [Theory]
    [InlineData("name=ada&role=viewer", "room is missing")]
    [InlineData("room=math&role=viewer", "name is missing")]
    [InlineData("room=math&name=ada", "role must be one of presenter, speaker, viewer, moderator")]
    [InlineData("room=math&name=ada&role=admin", "role must be one of presenter, speaker, viewer, moderator")]
    [InlineData("room=ma%0Ath&name=ada&role=viewer", "room contains a character that is not printable")]
    [InlineData("room=math&name=%E2%80%AEada&role=viewer", "name contains a character that is not printable")]
    [InlineData("room=math&name=%20ada&role=viewer", "name starts or ends with a space")]
    public async Task Bad_parameters_get_400_saying_why(string query, string reason)
    {
        await using var app = await AuthTestApp.StartAsync(AuthTestApp.Settings(devTokens: true));

        using var response = await app.Client.GetAsync("/api/dev/token?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(reason + "\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Over_long_name_gets_400()
    {
        await using var app = await AuthTestApp.StartAsync(AuthTestApp.Settings(devTokens: true));

        using var response = await app.Client.GetAsync($"/api/dev/token?room=math&role=viewer&name={new string('n', 65)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Outside_dev_mode_the_endpoint_does_not_exist()
    {
        await using var app = await AuthTestApp.StartAsync(AuthTestApp.Settings(devTokens: false));

        using var response = await app.Client.GetAsync("/api/dev/token?room=math&name=ada&role=presenter");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("open", await app.Client.GetStringAsync("/open"));
    }
}
