using RtcLive.LoadTest.Ramp;
using RtcLive.LoadTest.Stats;

namespace RtcLive.LoadTest.Report;

/// <summary>The result of a run, as the table prints it and <c>--json</c> writes it.</summary>
internal sealed record LoadReport
{
    public required string Target { get; init; }
    public required string Mode { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required int Publishers { get; init; }
    public required int Subscribers { get; init; }
    public required int ConnectFailures { get; init; }
    public string? FirstConnectError { get; init; }
    public string? PublisherSrtp { get; init; }
    public string? SubscriberSrtp { get; init; }
    public required string LayerRequested { get; init; }
    public required string LayerReceived { get; init; }
    public required double MeasuredSeconds { get; init; }
    public required long PacketsSent { get; init; }
    public required long PacketsForwarded { get; init; }
    public required double ForwardedPerSecond { get; init; }
    public required double LossPercent { get; init; }
    public required double VideoLossPercent { get; init; }
    public required double AudioLossPercent { get; init; }
    public required long GapEvents { get; init; }
    public required long Nacked { get; init; }
    public required long NackAnswered { get; init; }
    public required long Retransmissions { get; init; }
    public required long FramesCompleted { get; init; }
    public required long FramesExpected { get; init; }
    public required DelayFigures Delay { get; init; }
    public required DelayFigures VideoDelay { get; init; }
    public required DelayFigures AudioDelay { get; init; }
    public int? SfuPid { get; init; }
    public double? SfuCpuPercent { get; init; }
    public double? SfuCpuMicrosPerPacket { get; init; }
    public double? SfuCpuMillisPerSubscriberSecond { get; init; }
    public double? SfuRssMiB { get; init; }
    public double? SfuRssBaselineMiB { get; init; }
    public double? SfuRssKiBPerSubscriber { get; init; }
    public required double LoadGeneratorCpuPercent { get; init; }
    public IReadOnlyList<RampStep>? RampSteps { get; init; }
    public int? RampLastGoodSubscribers { get; init; }

    public static LoadReport From(string target, string mode, DateTimeOffset started, int publishers, WindowStats w, long packetsSent,
        int failures, string? firstError, string? pubSrtp, string? subSrtp, string layer, IReadOnlyList<string> rids, int? sfuPid,
        long? rssBaseline)
    {
        double? perSub = w.SfuRssBytes is { } rss && rssBaseline is { } baseline && w.Subscribers > 0
            ? (rss - baseline) / 1024.0 / w.Subscribers
            : null;
        return new LoadReport
        {
            Target = target,
            Mode = mode,
            StartedAt = started,
            Publishers = publishers,
            Subscribers = w.Subscribers,
            ConnectFailures = failures,
            FirstConnectError = firstError,
            PublisherSrtp = pubSrtp,
            SubscriberSrtp = subSrtp,
            LayerRequested = layer,
            LayerReceived = w.DominantLayer(rids),
            MeasuredSeconds = Math.Round(w.Seconds, 2),
            PacketsSent = packetsSent,
            PacketsForwarded = w.PacketsForwarded,
            ForwardedPerSecond = Math.Round(w.PacketsPerSecond),
            LossPercent = 100 * w.All.LossFraction,
            VideoLossPercent = 100 * w.Video.LossFraction,
            AudioLossPercent = 100 * w.Audio.LossFraction,
            GapEvents = w.All.GapEvents,
            Nacked = w.Video.Nacked,
            NackAnswered = w.Video.NackAnswered,
            Retransmissions = w.Video.Retransmissions,
            FramesCompleted = w.Video.FramesCompleted,
            FramesExpected = w.Video.FramesStarted,
            Delay = DelayFigures.Of(w.AllDelay),
            VideoDelay = DelayFigures.Of(w.VideoDelay),
            AudioDelay = DelayFigures.Of(w.AudioDelay),
            SfuPid = sfuPid,
            SfuCpuPercent = w.SfuCpuPercent,
            SfuCpuMicrosPerPacket = w.SfuCpuMicrosPerPacket,
            SfuCpuMillisPerSubscriberSecond = w.SfuCpuMillisPerSubscriberSecond,
            SfuRssMiB = w.SfuRssBytes / 1048576.0,
            SfuRssBaselineMiB = rssBaseline / 1048576.0,
            SfuRssKiBPerSubscriber = perSub,
            LoadGeneratorCpuPercent = w.SelfCpuPercent,
        };
    }
}
