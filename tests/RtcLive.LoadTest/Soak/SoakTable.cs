using System.Globalization;
using System.Text;

namespace RtcLive.LoadTest.Soak;

/// <summary>The soak's summary for a terminal.</summary>
internal static class SoakTable
{
    public static string Render(SoakReport r)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(c, $"soak against {r.Target}: {r.Minutes:F1} min, {r.Subscribers} subscribers, one leaving and one joining every {r.ChurnSeconds:0.#} s");
        sb.AppendLine(c, $"  joins {r.Joins}, leaves {r.Leaves}, failed joins {r.ConnectFailures}{(r.FirstError is null ? "" : $" (first: {r.FirstError})")}");
        sb.AppendLine(c, $"  received: {r.FramesCompleted} frames, loss {r.LossPercent:F3} %");
        sb.AppendLine(c, $"  SFU RSS      {r.RssStartMiB,8:F1} → {r.RssEndMiB,8:F1} MiB   slope {r.RssSlopeKiBPerMinute,8:F1} KiB/min");
        sb.AppendLine(c, $"  SFU handles  {r.HandlesStart,8} → {r.HandlesEnd,8}       slope {r.HandlesSlopePerMinute,8:F2} /min");
        sb.AppendLine(c, $"  SFU threads  {r.ThreadsStart,8} → {r.ThreadsEnd,8}");
        sb.AppendLine(c, $"  participants left behind after everyone left: {(r.ParticipantsLeftAfterClose is { } n ? n.ToString(c) : "n/a")}");
        return sb.ToString();
    }
}
