using RtcLive.E2E.Tests.Browser;
using Xunit.Abstractions;

namespace RtcLive.E2E.Tests.Server;

/// <summary>The loopback test page as a user meets it: served by RtcLive, a click on Start, video back.</summary>
public sealed class EchoPageTests(ChromiumHost chromium, ServerProcess server, ITestOutputHelper output)
    : IClassFixture<ChromiumHost>, IClassFixture<ServerProcess>
{
    [Fact]
    public async Task The_loopback_page_plays_the_camera_back_from_the_server()
    {
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(server.BaseUrl + "/echo.html");
        await page.ClickAsync("#start");

        int frames = 0;
        string state = "";
        for (int i = 0; i < 60 && frames <= 10; i++)
        {
            await Task.Delay(250);
            state = await page.TextContentAsync("#state") ?? "";
            int.TryParse(await page.TextContentAsync("#frames"), out frames);
        }
        await page.ScreenshotAsync(new() { Path = Path.Combine(RepositoryLayout.ArtifactsDir, "echo-page.png"), FullPage = true });
        output.WriteLine($"state {state}, frames {frames}, cipher {await page.TextContentAsync("#cipher")}");

        Assert.Equal("connected", state);
        Assert.True(frames > 10, $"frames decoded: {frames}");

        var response = await page.APIRequest.GetAsync(server.BaseUrl + "/metrics");
        string metrics = await response.TextAsync();
        Assert.Contains("rtclive_echo_sessions 1", metrics);
    }
}
