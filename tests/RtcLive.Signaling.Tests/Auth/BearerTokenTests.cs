using Microsoft.AspNetCore.Http;
using RtcLive.Signaling.Auth;

namespace RtcLive.Signaling.Tests.Auth;

public sealed class BearerTokenTests
{
    private static HttpRequest Request(string? authorization = null, string query = "")
    {
        var context = new DefaultHttpContext();
        if (authorization is not null) context.Request.Headers.Authorization = authorization;
        context.Request.QueryString = new QueryString(query);
        return context.Request;
    }

    [Theory]
    [InlineData("Bearer abc.def.ghi")]
    [InlineData("bearer abc.def.ghi")]
    [InlineData("  Bearer   abc.def.ghi  ")]
    public void Reads_the_authorization_header(string header)
    {
        Assert.True(BearerToken.TryRead(Request(header), out string? token));
        Assert.Equal("abc.def.ghi", token);
    }

    [Fact]
    public void Reads_the_access_token_query_parameter_signalr_sends()
    {
        Assert.True(BearerToken.TryRead(Request(query: "?room=math&id=x&access_token=abc.def.ghi"), out string? token));
        Assert.Equal("abc.def.ghi", token);
    }

    [Fact]
    public void Header_wins_over_query()
    {
        Assert.True(BearerToken.TryRead(Request("Bearer from-header", "?access_token=from-query"), out string? token));
        Assert.Equal("from-header", token);
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("Basic YWRhOnNlY3JldA==", "")]
    [InlineData("Bearer", "")]
    [InlineData("Bearer    ", "")]
    [InlineData("Bearerabc", "")]
    [InlineData(null, "?access_token=")]
    [InlineData(null, "?token=abc")]
    public void Finds_nothing_where_no_bearer_token_is(string? header, string query)
    {
        Assert.False(BearerToken.TryRead(Request(header, query), out string? token));
        Assert.Null(token);
    }
}
