using RtcLive.E2E.Tests.Browser;
using RtcLive.E2E.Tests.Server;
using Xunit.Abstractions;

namespace RtcLive.E2E.Tests.Classroom;

/// <summary>
/// The baseline page sends the latency probe over a direct call between two peer connections in one page and
/// reads it back: the glass-to-glass delay through the SFU is compared with this number.
/// </summary>
public sealed class LatencyBaselineTests(ChromiumHost chromium, ServerProcess server, ITestOutputHelper output)
    : IClassFixture<ChromiumHost>, IClassFixture<ServerProcess>
{
    [Fact]
    public async Task The_baseline_page_reads_the_probe_clock_over_a_direct_call()
    {
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(server.BaseUrl + "/baseline.html?autostart=1");

        double? median = null;
        for (int i = 0; i < 60 && median is null; i++)
        {
            await Task.Delay(250);
            median = await page.EvaluateAsync<double?>("() => window.rtcliveBaseline.medianMs");
        }
        await Task.Delay(2000); // a few more readings for the median
        median = await page.EvaluateAsync<double?>("() => window.rtcliveBaseline.medianMs");
        string state = await page.EvaluateAsync<string>("() => window.rtcliveBaseline.state");
        output.WriteLine($"direct call: state {state}, glass-to-glass median {median} ms");

        Assert.Equal("connected", state);
        Assert.NotNull(median);
        Assert.InRange(median!.Value, 0, 999);
    }
}
