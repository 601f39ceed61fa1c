using System.Globalization;
using System.Text;

namespace RtcLive.LoadTest.Report;

/// <summary>The human-readable end of a run: one figure per line, then the ramp's steps when there were any.</summary>
internal static class SummaryTable
{
    public static string Render(LoadReport r)
    {
        var rows = new List<(string, string)>
        {
            ("target", $"{r.Target} ({r.Mode})"),
            ("publishers → subscribers", $"{r.Publishers} → {r.Subscribers} ({r.ConnectFailures} failed to connect)"),
            ("SRTP (publisher / subscriber)", $"{r.PublisherSrtp ?? "-"} / {r.SubscriberSrtp ?? "-"}"),
            ("layer asked / received", $"{r.LayerRequested} / {r.LayerReceived}"),
            ("measured", $"{F(r.MeasuredSeconds, 1)} s"),
            ("packets sent by publishers", $"{r.PacketsSent:N0}"),
            ("packets forwarded to subscribers", $"{r.PacketsForwarded:N0} ({r.ForwardedPerSecond:N0}/s)"),
            ("loss after repair (all / video / audio)", $"{F(r.LossPercent, 3)} % / {F(r.VideoLossPercent, 3)} % / {F(r.AudioLossPercent, 3)} %"),
            ("gaps / NACKed / answered / RTX", $"{r.GapEvents:N0} / {r.Nacked:N0} / {r.NackAnswered:N0} / {r.Retransmissions:N0}"),
            ("frames completed / expected", $"{r.FramesCompleted:N0} / {r.FramesExpected:N0}"),
            ("delay p50 / p95 / p99 / max (ms)", Delay(r.Delay)),
            ("  video", Delay(r.VideoDelay)),
            ("  audio", Delay(r.AudioDelay)),
            ("SFU CPU", r.SfuCpuPercent is { } cpu ? $"{F(cpu, 1)} % of a core (pid {r.SfuPid})" : "not sampled (--sfu-pid)"),
            ("SFU CPU per forwarded packet", r.SfuCpuMicrosPerPacket is { } us ? $"{F(us, 2)} µs" : "-"),
            ("SFU CPU per subscriber", r.SfuCpuMillisPerSubscriberSecond is { } ms ? $"{F(ms, 3)} ms/s" : "-"),
            ("SFU RSS (baseline → loaded)", r.SfuRssMiB is { } rss ? $"{F(r.SfuRssBaselineMiB ?? 0, 1)} → {F(rss, 1)} MiB" : "-"),
            ("SFU RSS per subscriber", r.SfuRssKiBPerSubscriber is { } kib ? $"{F(kib, 1)} KiB" : "-"),
            ("load generator CPU", $"{F(r.LoadGeneratorCpuPercent, 1)} % of a core"),
        };
        if (r.FirstConnectError is { } error) rows.Add(("first connect error", error));
        int width = 0;
        foreach (var (k, _) in rows) width = Math.Max(width, k.Length);
        var sb = new StringBuilder();
        foreach (var (k, v) in rows) sb.Append(k.PadRight(width)).Append("  ").AppendLine(v);
        if (r.RampSteps is { Count: > 0 } steps)
        {
            sb.AppendLine().AppendLine("ramp step  subscribers  loss %   p50 ms  p99 ms  µs/packet  good");
            for (int i = 0; i < steps.Count; i++)
            {
                var s = steps[i];
                sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"{i + 1,9}  {s.Subscribers,11}  {s.LossFraction * 100,6:F3}  {s.P50Millis,6:F2}  {s.P99Millis,6:F2}  {s.SfuCpuMicrosPerPacket,9:F2}  {(s.Good ? "yes" : "no")}"));
            }
            sb.AppendLine($"last good step: {r.RampLastGoodSubscribers} subscribers");
        }
        return sb.ToString();
    }

    private static string Delay(DelayFigures d) => $"{F(d.P50Ms, 2)} / {F(d.P95Ms, 2)} / {F(d.P99Ms, 2)} / {F(d.MaxMs, 1)}";

    private static string F(double value, int decimals) => value.ToString("F" + decimals, CultureInfo.InvariantCulture);
}
