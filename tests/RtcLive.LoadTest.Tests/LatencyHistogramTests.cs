using RtcLive.LoadTest.Stats;

namespace RtcLive.LoadTest.Tests;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void Percentiles_of_1_to_1000_are_within_the_bucket_precision()
    {
        var h = new LatencyHistogram();
        for (int v = 1; v <= 1000; v++) h.Record(v);
        Assert.Equal(1000, h.Count);
        Assert.InRange(h.Percentile(0.50), 500, 500 * 1.016);
        Assert.InRange(h.Percentile(0.99), 990, 1000);
        Assert.Equal(1000, h.Percentile(1.0));
        Assert.Equal(1, h.Percentile(0.0001));
    }

    [Fact]
    public void Small_values_are_exact_and_an_empty_histogram_says_zero()
    {
        var h = new LatencyHistogram();
        Assert.Equal(0, h.Percentile(0.5));
        foreach (int v in new[] { 3, 3, 7, 100 }) h.Record(v);
        Assert.Equal(3, h.Percentile(0.5));
        Assert.Equal(7, h.Percentile(0.75));
        Assert.Equal(100, h.Percentile(0.99));
    }

    [Fact]
    public void Every_value_lands_in_a_bucket_whose_upper_bound_is_within_1_6_percent()
    {
        foreach (long v in new long[] { 0, 127, 128, 129, 255, 256, 1000, 65_535, 1_000_000, 123_456_789 })
        {
            int index = LatencyHistogram.IndexOf(v);
            long upper = LatencyHistogram.UpperBoundOf(index);
            Assert.True(upper >= v, $"{v}: upper {upper}");
            Assert.True(upper <= v * 1.016 + 1, $"{v}: upper {upper}");
            if (index > 0) Assert.True(LatencyHistogram.UpperBoundOf(index - 1) < v, $"{v}: previous bucket holds it");
        }
    }

    [Fact]
    public void Difference_is_what_was_recorded_between_two_copies_and_add_sums()
    {
        var h = new LatencyHistogram();
        for (int i = 0; i < 100; i++) h.Record(10);
        var before = h.Copy();
        for (int i = 0; i < 100; i++) h.Record(5000);
        var window = LatencyHistogram.Difference(h, before);
        Assert.Equal(100, window.Count);
        Assert.InRange(window.Percentile(0.5), 5000, 5080);

        var total = new LatencyHistogram();
        total.Add(before);
        total.Add(window);
        Assert.Equal(200, total.Count);
        Assert.Equal(10, total.Percentile(0.5));
    }

    [Fact]
    public void Negative_delays_count_as_zero()
    {
        var h = new LatencyHistogram();
        h.Record(-5);
        Assert.Equal(0, h.Percentile(0.5));
    }
}
