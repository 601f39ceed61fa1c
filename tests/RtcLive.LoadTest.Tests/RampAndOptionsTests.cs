using RtcLive.LoadTest.Cli;
using RtcLive.LoadTest.Ramp;
using RtcLive.LoadTest.Sampling;

namespace RtcLive.LoadTest.Tests;

public sealed class RampAndOptionsTests
{
    private static readonly RampLimits Limits = new(0.005, 50);

    [Theory]
    [InlineData(0.0, 5.0, 1000L, 0, true)]
    [InlineData(0.005, 50.0, 1000L, 0, true)]
    [InlineData(0.0051, 5.0, 1000L, 0, false)]
    [InlineData(0.0, 50.1, 1000L, 0, false)]
    [InlineData(0.0, 5.0, 0L, 0, false)]
    [InlineData(0.0, 5.0, 1000L, 1, false)]
    public void A_step_is_good_within_the_limits_with_media_and_no_failed_connects(double loss, double p99, long packets, int failures, bool good) =>
        Assert.Equal(good, RampDecision.IsGood(Limits, loss, p99, packets, failures));

    [Fact]
    public void The_ramp_reports_the_last_good_step_before_the_first_bad_one()
    {
        RampStep Step(int n, bool good) => new(n, 0, 1, 1, 100, 5, 0, good);
        Assert.Equal(100, RampDecision.LastGood([Step(50, true), Step(100, true), Step(150, false), Step(200, true)]));
        Assert.Equal(0, RampDecision.LastGood([Step(50, false)]));
        Assert.True(RampDecision.ShouldContinue(Step(100, true), 200));
        Assert.False(RampDecision.ShouldContinue(Step(200, true), 200));
        Assert.False(RampDecision.ShouldContinue(Step(100, false), 200));
    }

    [Fact]
    public void Options_parse_and_refuse_unknown_ones()
    {
        var o = LoadOptions.Parse(["--target", "janus", "--subscribers", "200", "--ramp", "--max-loss", "0.01", "--sfu-pid", "42", "--json"]);
        Assert.Equal(("janus", 200, true, 0.01, 42, true), (o.Target, o.SubscribersPerPublisher, o.Ramp, o.Limits.MaxLossFraction, o.SfuPid!.Value, o.Json));
        Assert.Equal(new Uri("http://127.0.0.1:8088/janus"), o.EffectiveUrl);
        Assert.Throws<ArgumentException>(() => LoadOptions.Parse(["--subscriber", "3"]));
        Assert.Throws<ArgumentException>(() => LoadOptions.Parse(["--layer", "x"]));
        Assert.Throws<ArgumentException>(() => LoadOptions.Parse(["--duration"]));
    }

    [Fact]
    public void A_subscriber_region_is_a_plain_name()
    {
        Assert.Null(LoadOptions.Parse([]).SubscriberRegion);
        Assert.Equal("us-east_1", LoadOptions.Parse(["--subscriber-region", "us-east_1"]).SubscriberRegion);
        Assert.Throws<ArgumentException>(() => LoadOptions.Parse(["--subscriber-region", ""]));
        Assert.Throws<ArgumentException>(() => LoadOptions.Parse(["--subscriber-region", "us\"; drop"]));
        Assert.Throws<ArgumentException>(() => LoadOptions.Parse(["--subscriber-region", new string('a', 65)]));
    }

    [Fact]
    public void Proc_stat_and_status_parse_even_with_a_command_name_holding_spaces()
    {
        string stat = "1234 (dotnet (x) y) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 30 0 100 1000 2000";
        Assert.Equal(3.25, ProcessSampler.ParseCpuSeconds(stat), 6);
        Assert.Equal(51_200L * 1024, ProcessSampler.ParseRssBytes("Name:\tdotnet\nVmPeak:\t 9 kB\nVmRSS:\t   51200 kB\nThreads: 3\n"));
        Assert.NotNull(ProcessSampler.Self().Sample());
    }
}
