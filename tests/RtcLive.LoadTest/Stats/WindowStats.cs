namespace RtcLive.LoadTest.Stats;

/// <summary>What happened between two snapshots: the figures a report and a ramp step are made of.</summary>
internal sealed class WindowStats
{
    public WindowStats(RunSnapshot from, RunSnapshot to)
    {
        Seconds = Math.Max(1e-6, (to.AtMicros - from.AtMicros) / 1e6);
        Subscribers = to.Subscribers;
        Video = to.Video - from.Video;
        Audio = to.Audio - from.Audio;
        VideoDelay = LatencyHistogram.Difference(to.VideoDelay, from.VideoDelay);
        AudioDelay = LatencyHistogram.Difference(to.AudioDelay, from.AudioDelay);
        AllDelay = VideoDelay.Copy();
        AllDelay.Add(AudioDelay);
        LayerPackets = new long[to.LayerPackets.Length];
        for (int i = 0; i < LayerPackets.Length; i++) LayerPackets[i] = to.LayerPackets[i] - from.LayerPackets[i];
        if (from.Sfu is { } a && to.Sfu is { } b)
        {
            SfuCpuSeconds = b.CpuSeconds - a.CpuSeconds;
            SfuRssBytes = b.RssBytes;
        }
        if (from.Self is { } c && to.Self is { } d) SelfCpuSeconds = d.CpuSeconds - c.CpuSeconds;
    }

    public double Seconds { get; }
    public int Subscribers { get; }
    public StreamCounters Video { get; }
    public StreamCounters Audio { get; }
    public StreamCounters All => Video + Audio;
    public LatencyHistogram VideoDelay { get; }
    public LatencyHistogram AudioDelay { get; }
    public LatencyHistogram AllDelay { get; }
    public long[] LayerPackets { get; }
    public double? SfuCpuSeconds { get; }
    public long? SfuRssBytes { get; }
    public double SelfCpuSeconds { get; }

    /// <summary>Packets the SFU delivered to our subscribers (media, retransmissions, duplicates): our measure of "forwarded".</summary>
    public long PacketsForwarded => All.PacketsArrived;

    public double PacketsPerSecond => PacketsForwarded / Seconds;

    /// <summary>The SFU's CPU time per forwarded packet, in µs; null without an SFU process to sample.</summary>
    public double? SfuCpuMicrosPerPacket => SfuCpuSeconds is { } cpu && PacketsForwarded > 0 ? cpu * 1e6 / PacketsForwarded : null;

    /// <summary>The SFU's CPU per subscriber, in milliseconds of CPU per second of run.</summary>
    public double? SfuCpuMillisPerSubscriberSecond => SfuCpuSeconds is { } cpu && Subscribers > 0 ? cpu * 1e3 / Seconds / Subscribers : null;

    public double? SfuCpuPercent => SfuCpuSeconds is { } cpu ? 100 * cpu / Seconds : null;

    public double SelfCpuPercent => 100 * SelfCpuSeconds / Seconds;

    /// <summary>The simulcast layer most video packets came from (<c>q</c>, <c>h</c>, <c>f</c>), or <c>-</c>.</summary>
    public string DominantLayer(IReadOnlyList<string> rids)
    {
        int best = 0;
        for (int i = 1; i < LayerPackets.Length; i++)
            if (LayerPackets[i] > LayerPackets[best]) best = i;
        return best == 0 || LayerPackets[best] == 0 || best > rids.Count ? "-" : rids[best - 1];
    }
}
