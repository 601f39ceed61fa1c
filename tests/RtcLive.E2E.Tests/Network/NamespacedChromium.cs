using Microsoft.Playwright;
using RtcLive.E2E.Tests.Browser;

namespace RtcLive.E2E.Tests.Network;

/// <summary>
/// Debian's Chromium started inside a client's namespace, so everything it sends (the page, the hub, media)
/// crosses that client's <see cref="EmulatedPath"/>. Playwright talks to it over a pipe, which crosses
/// namespaces; Chromium itself is started through a wrapper that enters the namespace with nsenter.
/// The server's plain-HTTP origin is not a secure context, so it is declared one for getUserMedia.
/// </summary>
internal sealed class NamespacedChromium : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly string _wrapper;

    private NamespacedChromium(IPlaywright playwright, IBrowser browser, string wrapper)
    {
        _playwright = playwright;
        _browser = browser;
        _wrapper = wrapper;
    }

    public static async Task<NamespacedChromium> LaunchAsync(NetworkNamespace ns, string origin)
    {
        if (!File.Exists(ChromiumHost.ChromiumPath))
            throw new InvalidOperationException($"{ChromiumHost.ChromiumPath} is missing: ./test.sh installs it (apt-get install chromium)");
        if (Environment.GetEnvironmentVariable("PLAYWRIGHT_NODEJS_PATH") is null)
            Environment.SetEnvironmentVariable("PLAYWRIGHT_NODEJS_PATH", "/usr/bin/node");
        if (Environment.GetEnvironmentVariable("PLAYWRIGHT_DRIVER_SEARCH_PATH") is null)
            Environment.SetEnvironmentVariable("PLAYWRIGHT_DRIVER_SEARCH_PATH", AppContext.BaseDirectory);

        string wrapper = Path.Combine(Path.GetTempPath(), $"rtclive-chromium-ns-{ns.Pid}.sh");
        await File.WriteAllTextAsync(wrapper, $"#!/bin/sh\nexec nsenter --net={ns.NetPath} -- {ChromiumHost.ChromiumPath} \"$@\"\n");
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("network namespaces are Linux's");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = wrapper,
                Headless = true,
                Args =
                [
                    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--use-fake-device-for-media-stream=fps=30", "--use-fake-ui-for-media-stream",
                    "--autoplay-policy=no-user-gesture-required",
                    $"--unsafely-treat-insecure-origin-as-secure={origin}",
                ],
            });
            return new NamespacedChromium(playwright, browser, wrapper);
        }
        catch
        {
            playwright.Dispose();
            File.Delete(wrapper);
            throw;
        }
    }

    public async Task<IPage> NewPageAsync(string name)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { Permissions = ["camera", "microphone"] });
        var page = await context.NewPageAsync();
        page.Console += (_, msg) => { if (msg.Type is "error" or "warning") Console.WriteLine($"[{name}] {msg.Text}"); };
        page.PageError += (_, error) => Console.WriteLine($"[{name}] page error: {error}");
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
        File.Delete(_wrapper);
    }
}
