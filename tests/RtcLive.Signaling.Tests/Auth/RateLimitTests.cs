using System.Net;
using Microsoft.AspNetCore.TestHost;
using RtcLive.Signaling.Auth;

namespace RtcLive.Signaling.Tests.Auth;

[Collection(Whip.BodyTooLargeCounterCollection.Name)]
public sealed class RateLimitTests
{
    [Fact]
    public void Defaults_are_twenty_joins_per_ten_seconds()
    {
        var options = new RateLimitOptions();
        Assert.Equal(20, options.JoinPermits);
        Assert.Equal(TimeSpan.FromSeconds(10), options.JoinWindow);
        Assert.Equal("joins", RtcLiveRateLimits.JoinsPolicy);
    }

    [Fact]
    public async Task Joins_beyond_the_permits_get_429_saying_why()
    {
        await using var app = await AuthTestApp.StartAsync(AuthTestApp.Settings(devTokens: true, joinPermits: 3));

        for (int i = 0; i < 3; i++)
        {
            using var ok = await app.Client.SendAsync(app.Whip("math", token: null));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        using var limited = await app.Client.SendAsync(app.Whip("math", token: null));

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        string body = await limited.Content.ReadAsStringAsync();
        Assert.StartsWith("too many joins from your address: at most 3 per 3600 s; retry in ", body);
        int retryAfter = int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 3600);
    }

    [Fact]
    public async Task Forged_tokens_count_too_and_are_stopped_before_the_token_check()
    {
        await using var app = await AuthTestApp.StartAsync(AuthTestApp.Settings(devTokens: false, joinPermits: 2));

        using var first = await app.Client.SendAsync(app.Whip("math", "forged"));
        using var second = await app.Client.SendAsync(app.Whip("math", "forged"));
        using var third = await app.Client.SendAsync(app.Whip("math", "forged"));

        Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
    }

    [Fact]
    public async Task Hub_and_whip_share_one_budget_per_address()
    {
        await using var app = await AuthTestApp.StartAsync(AuthTestApp.Settings(devTokens: true, joinPermits: 2));

        using var negotiate = await app.Client.PostAsync("/hubs/test/negotiate?room=math&negotiateVersion=1", null);
        using var whip = await app.Client.SendAsync(app.Whip("math", token: null));
        using var limited = await app.Client.PostAsync("/hubs/test/negotiate?room=math&negotiateVersion=1", null);

        Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
        Assert.Equal(HttpStatusCode.OK, whip.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
    }

    [Fact]
    public async Task Each_remote_address_has_its_own_budget()
    {
        await using var app = await AuthTestApp.StartAsync(AuthTestApp.Settings(devTokens: true, joinPermits: 1));

        Task<Microsoft.AspNetCore.Http.HttpContext> From(string address) => app.Server.SendAsync(context =>
        {
            context.Connection.RemoteIpAddress = IPAddress.Parse(address);
            context.Request.Method = "POST";
            context.Request.Path = "/whip/math";
            context.Request.ContentType = "application/sdp";
        });

        Assert.Equal(200, (await From("127.0.0.2")).Response.StatusCode);
        Assert.Equal(429, (await From("127.0.0.2")).Response.StatusCode);
        // The same address written as IPv4-mapped IPv6 (dual-stack sockets) shares its budget.
        Assert.Equal(429, (await From("::ffff:127.0.0.2")).Response.StatusCode);
        Assert.Equal(200, (await From("127.0.0.3")).Response.StatusCode);
    }

    [Fact]
    public async Task Unlimited_endpoints_are_not_counted()
    {
        await using var app = await AuthTestApp.StartAsync(AuthTestApp.Settings(devTokens: true, joinPermits: 1));

        for (int i = 0; i < 5; i++)
            Assert.Equal("open", await app.Client.GetStringAsync("/open"));
        using var whip = await app.Client.SendAsync(app.Whip("math", token: null));
        Assert.Equal(HttpStatusCode.OK, whip.StatusCode);
    }

    [Fact]
    public async Task Declared_sdp_body_over_64_KiB_gets_413_before_the_endpoint_runs()
    {
        await using var app = await AuthTestApp.StartAsync(AuthTestApp.Settings(devTokens: true));

        using var atLimit = await app.Client.SendAsync(app.Whip("math", token: null, offer: new string('a', SdpBodyLimit.MaxBytes)));
        using var overLimit = await app.Client.SendAsync(app.Whip("math", token: null, offer: new string('a', SdpBodyLimit.MaxBytes + 1)));

        Assert.Equal(HttpStatusCode.OK, atLimit.StatusCode);
        Assert.Equal($"dev-no-token room=math offer={SdpBodyLimit.MaxBytes}", await atLimit.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, overLimit.StatusCode);
        Assert.Equal("SDP body larger than 65536 bytes\n", await overLimit.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Chunked_sdp_body_over_64_KiB_is_cut_off_by_kestrel()
    {
        await using var app = await AuthTestApp.StartAsync(AuthTestApp.Settings(devTokens: true), kestrel: true);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/whip/math")
        {
            // No Content-Length: only the server's body-size limit, set by routing from the endpoint's metadata, stops it.
            Content = new StreamContent(new MemoryStream(new byte[SdpBodyLimit.MaxBytes + 1024])),
        };
        request.Content.Headers.ContentType = new("application/sdp");
        request.Headers.TransferEncodingChunked = true;

        using var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("SDP body larger than 65536 bytes\n", await response.Content.ReadAsStringAsync());
    }
}
