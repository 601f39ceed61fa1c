using Microsoft.Playwright;

namespace RtcLive.E2E.Tests.Browser;

/// <summary>
/// One headless Debian Chromium per test class, driven by Playwright with the system node. Fake camera and
/// microphone, loopback ICE candidates allowed, no background traffic.
/// </summary>
public sealed class ChromiumHost : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        LoopbackOnly.Require();
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: ./test.sh installs it (apt-get install chromium)");
        if (Environment.GetEnvironmentVariable("PLAYWRIGHT_NODEJS_PATH") is null)
            Environment.SetEnvironmentVariable("PLAYWRIGHT_NODEJS_PATH", "/usr/bin/node");
        if (Environment.GetEnvironmentVariable("PLAYWRIGHT_DRIVER_SEARCH_PATH") is null)
            Environment.SetEnvironmentVariable("PLAYWRIGHT_DRIVER_SEARCH_PATH", AppContext.BaseDirectory);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--use-fake-device-for-media-stream=fps=30", "--use-fake-ui-for-media-stream",
                "--autoplay-policy=no-user-gesture-required", "--allow-loopback-in-peer-connection",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
    }

    /// <summary>
    /// A fresh blank page in a secure context (getUserMedia and RTCPeerConnection need one). about:blank is not
    /// secure, so the page is http://localhost/, answered by Playwright itself: no HTTP server is involved.
    /// </summary>
    public async Task<IPage> NewBlankPageAsync()
    {
        var page = await NewPageAsync();
        await page.RouteAsync("http://localhost/", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html",
            Body = "<!doctype html><title>RtcLive test</title>",
        }));
        await page.GotoAsync("http://localhost/");
        return page;
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { Permissions = ["camera", "microphone"] });
        var page = await context.NewPageAsync();
        page.Console += (_, msg) => Console.WriteLine($"[browser] {msg.Text}");
        return page;
    }
}
