using System.Net;
using RtcLive.Signaling.Auth;

namespace RtcLive.Signaling.Tests.Auth;

public sealed class RoomTokenMiddlewareTests
{
    private static async Task<(HttpStatusCode Status, string? Challenge, string Body)> Send(AuthTestApp app, HttpRequestMessage request)
    {
        using var response = await app.Client.SendAsync(request);
        string? challenge = response.Headers.WwwAuthenticate.Count == 0 ? null : response.Headers.WwwAuthenticate.ToString();
        return (response.StatusCode, challenge, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Good_token_passes_and_the_endpoint_sees_its_claims(bool devTokens)
    {
        await using var app = await AuthTestApp.StartAsync(AuthTestApp.Settings(devTokens));
        string token = app.Tokens.Issue(new RoomClaims("math", "obs", "OBS", RoomRole.Presenter));

        var (status, challenge, body) = await Send(app, app.Whip("math", token));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Null(challenge);
        Assert.Equal("token room=math identity=obs role=presenter offer=5", body);
    }

    public static TheoryData<string, string> BadTokens()
    {
        var now = DateTimeOffset.UtcNow;
        var clock = new ManualClock(now);
        var genuine = TokenFixtures.Service(clock);
        var payload = TokenFixtures.Payload();
        payload["iat"] = now.ToUnixTimeSeconds();
        payload["exp"] = now.AddHours(1).ToUnixTimeSeconds();
        string viewer = TokenFixtures.Sign(payload);
        clock.Now = now.AddHours(-7);
        string expired = genuine.Issue(new RoomClaims("math", "ada", "Ada", RoomRole.Presenter), TimeSpan.FromHours(6));
        clock.Now = now;
        return new TheoryData<string, string>
        {
            { expired, "token expired" },
            { TokenFixtures.Service(clock, secret: "another-secret-another-secret-another-secret").Issue(new RoomClaims("math", "ada", "Ada", RoomRole.Presenter)), "token signature invalid" },
            { TokenFixtures.Unsigned(payload), "token signature invalid" },
            { TokenFixtures.WithPayload(viewer, new(payload) { ["role"] = "moderator" }), "token signature invalid" },
            { genuine.Issue(new RoomClaims("physics", "ada", "Ada", RoomRole.Presenter)), "token is for another room" },
            { TokenFixtures.Sign(new(payload) { ["role"] = "admin" }), "token has no valid role" },
            { "garbage", "token malformed" },
        };
    }

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Bad_token_gets_401_with_an_invalid_token_challenge_even_in_dev_mode(string token, string reason)
    {
        foreach (bool devTokens in new[] { false, true })
        {
            await using var app = await AuthTestApp.StartAsync(AuthTestApp.Settings(devTokens));

            var (status, challenge, body) = await Send(app, app.Whip("math", token));

            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.Equal($"Bearer error=\"invalid_token\", error_description=\"{reason}\"", challenge);
            Assert.Equal(reason + "\n", body);
        }
    }

    [Fact]
    public async Task Missing_token_gets_401_outside_dev_mode()
    {
        await using var app = await AuthTestApp.StartAsync(AuthTestApp.Settings(devTokens: false));

        var (status, challenge, body) = await Send(app, app.Whip("math", token: null));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("Bearer", challenge);
        Assert.Equal("token missing\n", body);
    }

    [Fact]
    public async Task Missing_token_passes_in_dev_mode_marked_as_such()
    {
        await using var app = await AuthTestApp.StartAsync(AuthTestApp.Settings(devTokens: true));

        var (status, _, body) = await Send(app, app.Whip("math", token: null));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("dev-no-token room=math offer=5", body);
    }

    [Fact]
    public async Task Room_comes_from_the_route_exactly_as_sent()
    {
        await using var app = await AuthTestApp.StartAsync(AuthTestApp.Settings(devTokens: false));
        string token = app.Tokens.Issue(new RoomClaims("math 101", "ada", "Ada", RoomRole.Speaker));

        Assert.Equal(HttpStatusCode.OK, (await Send(app, app.Whip("math 101", token))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(app, app.Whip("math 102", token))).Status);
    }

    [Fact]
    public async Task Unprintable_room_gets_400()
    {
        await using var app = await AuthTestApp.StartAsync(AuthTestApp.Settings(devTokens: true));

        var (status, _, body) = await Send(app, app.Whip("ma\u202Eth", token: null));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("room contains a character that is not printable (route value or query parameter 'room')\n", body);
    }

    [Fact]
    public async Task Hub_negotiate_is_guarded_with_the_room_from_the_query()
    {
        await using var app = await AuthTestApp.StartAsync(AuthTestApp.Settings(devTokens: false));
        string token = app.Tokens.Issue(new RoomClaims("math", "ada", "Ada", RoomRole.Viewer));

        using var missing = await app.Client.PostAsync("/hubs/test/negotiate?room=math&negotiateVersion=1", null);
        using var noRoom = new HttpRequestMessage(HttpMethod.Post, "/hubs/test/negotiate?negotiateVersion=1");
        noRoom.Headers.Authorization = new("Bearer", token);
        using var noRoomResponse = await app.Client.SendAsync(noRoom);
        using var otherRoom = new HttpRequestMessage(HttpMethod.Post, "/hubs/test/negotiate?room=physics&negotiateVersion=1");
        otherRoom.Headers.Authorization = new("Bearer", token);
        using var otherRoomResponse = await app.Client.SendAsync(otherRoom);
        using var good = new HttpRequestMessage(HttpMethod.Post, "/hubs/test/negotiate?room=math&negotiateVersion=1");
        good.Headers.Authorization = new("Bearer", token);
        using var goodResponse = await app.Client.SendAsync(good);

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noRoomResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, otherRoomResponse.StatusCode);
        Assert.Equal("Bearer error=\"invalid_token\", error_description=\"token is for another room\"", otherRoomResponse.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.OK, goodResponse.StatusCode);
        Assert.Contains("connectionToken", await goodResponse.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Hub_accepts_the_token_as_access_token_query_parameter()
    {
        await using var app = await AuthTestApp.StartAsync(AuthTestApp.Settings(devTokens: false));
        string token = app.Tokens.Issue(new RoomClaims("math", "ada", "Ada", RoomRole.Viewer));

        using var response = await app.Client.PostAsync($"/hubs/test/negotiate?room=math&negotiateVersion=1&access_token={token}", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Cross_origin_pages_get_their_preflight_and_can_read_the_refusal()
    {
        await using var app = await AuthTestApp.StartAsync(AuthTestApp.Settings(devTokens: false));
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/whip/math");
        preflight.Headers.Add("Origin", "https://studio.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization, content-type");
        using var refused = app.Whip("math", "garbage");
        refused.Headers.Add("Origin", "https://studio.example");

        using var preflightResponse = await app.Client.SendAsync(preflight);
        using var refusedResponse = await app.Client.SendAsync(refused);

        Assert.Equal(HttpStatusCode.NoContent, preflightResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refusedResponse.StatusCode);
        Assert.Equal("*", refusedResponse.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Unguarded_endpoints_need_no_token()
    {
        await using var app = await AuthTestApp.StartAsync(AuthTestApp.Settings(devTokens: false));

        Assert.Equal("open", await app.Client.GetStringAsync("/open"));
    }
}
