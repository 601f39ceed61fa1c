using RtcLive.LoadTest.Cli;
using RtcLive.LoadTest.Soak;

namespace RtcLive.LoadTest.Tests;

/// <summary>The soak's arithmetic and its verdict: a leak fails it, noise does not.</summary>
public sealed class SoakTests
{
    [Fact]
    public void The_trend_is_the_least_squares_slope()
    {
        Assert.Equal(2.0, TrendLine.Slope([0, 1, 2, 3], [1, 3, 5, 7]), 9);
        Assert.Equal(0.0, TrendLine.Slope([0, 1, 2, 3], [5, 5, 5, 5]), 9);
        // Noise around a flat line has a slope near zero, a step at the end does not.
        Assert.InRange(TrendLine.Slope([0, 1, 2, 3, 4, 5], [10, 11, 10, 11, 10, 11]), -0.2, 0.2);
        Assert.Equal(0.0, TrendLine.Slope([1], [4]));
    }

    private static SoakReport Report(int handlesStart = 280, int handlesEnd = 282, double handleSlope = 0.1, int? left = 0, int joins = 200,
        int failures = 0, long frames = 1000) =>
        new("rtclive", DateTimeOffset.UnixEpoch, 10, 20, 3, joins, joins - 20, failures, failures > 0 ? "TimeoutException: slow" : null, 0, frames,
            120, 125, 50, handlesStart, handlesEnd, handleSlope, 20, 21, left, []);

    [Fact]
    public void A_clean_soak_passes()
    {
        Assert.Empty(SoakVerdict.Problems(Report()));
    }

    [Fact]
    public void Leaks_and_failures_fail_it_each_with_its_reason()
    {
        Assert.Contains(SoakVerdict.Problems(Report(left: 3)), p => p.Contains("3 participant(s) still listed"));
        Assert.Contains(SoakVerdict.Problems(Report(handlesEnd: 480, handleSlope: 20)), p => p.Contains("handles grow"));
        Assert.Contains(SoakVerdict.Problems(Report(failures: 5)), p => p.Contains("5 of 205 joins failed"));
        Assert.Contains(SoakVerdict.Problems(Report(frames: 0)), p => p.Contains("no frame"));
        // A steep slope over a few handles in a short run is noise, not a leak.
        Assert.Empty(SoakVerdict.Problems(Report(handlesEnd: 285, handleSlope: 1.8)));
    }

    [Fact]
    public void Soak_options_parse()
    {
        var o = LoadOptions.Parse(["--soak", "--churn", "2.5", "--duration", "600"]);
        Assert.True(o.Soak);
        Assert.Equal(2.5, o.ChurnSeconds);
        Assert.Equal(600, o.DurationSeconds);
        Assert.Throws<ArgumentException>(() => LoadOptions.Parse(["--churn", "soon"]));
    }
}
