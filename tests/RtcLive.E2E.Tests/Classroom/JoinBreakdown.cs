using System.Text.Json;

namespace RtcLive.E2E.Tests.Classroom;

/// <summary>
/// One viewer's join taken apart: the page's steps and its node's steps from <c>stats().joinTimeline</c> (ms since
/// the page's navigation start), checked for completeness and order, and turned into phase durations.
/// </summary>
public sealed class JoinBreakdown
{
    /// <summary>The page's steps that every WebRTC viewer's join goes through, in the order they must happen.</summary>
    public static readonly string[] PageOrder =
        ["html", "script", "token", "hub", "joined", "offer", "answer-made", "ice-checking", "ice-connected", "media-connected", "first-video-packet", "first-frame"];

    /// <summary>The node's steps of a subscriber's join, in the order they must happen.</summary>
    public static readonly string[] NodeOrder =
        ["node-joined", "offer-made", "answer-applied", "ice-checked", "dtls-connected", "keyframe-requested", "first-video-sent"];

    /// <summary>Phases reported: a name and the steps it runs between (page steps unless prefixed <c>node:</c>).</summary>
    public static readonly (string Phase, string From, string To)[] Phases =
    [
        ("page load (navigation → script)", "navigation", "script"),
        ("dev token", "script", "token"),
        ("SignalR connect", "token", "hub"),
        ("Join RPC", "hub", "joined"),
        ("offer reaches the page", "joined", "offer"),
        ("answer made (setRemote/createAnswer/setLocal)", "offer", "answer-made"),
        ("answer sent → acknowledged", "answer-made", "answered"),
        ("ICE (answer made → connected)", "answer-made", "ice-connected"),
        ("DTLS (ICE connected → media connected)", "ice-connected", "media-connected"),
        ("first RTP (media connected → first video packet)", "media-connected", "first-video-packet"),
        ("first frame (first packet → frame presented)", "first-video-packet", "first-frame"),
        ("node: offer made → answer applied", "node:offer-made", "node:answer-applied"),
        ("node: answer applied → first ICE check", "node:answer-applied", "node:ice-checked"),
        ("node: ICE check → DTLS done", "node:ice-checked", "node:dtls-connected"),
        ("node: DTLS done → first video sent (keyframe)", "node:dtls-connected", "node:first-video-sent"),
        ("total (navigation → first frame)", "navigation", "first-frame"),
    ];

    private readonly Dictionary<string, double> _page;
    private readonly Dictionary<string, double> _node;

    private JoinBreakdown(Dictionary<string, double> page, Dictionary<string, double> node, string text)
    {
        _page = page;
        _node = node;
        Text = text;
    }

    /// <summary>The steps as read, for the test output.</summary>
    public string Text { get; }

    /// <summary>Reads <c>stats().joinTimeline</c> (<c>{ page: [{ step, atMs }], node: [...] }</c>).</summary>
    public static JoinBreakdown Parse(JsonElement timeline)
    {
        var page = Read(timeline.GetProperty("page"));
        var node = Read(timeline.GetProperty("node"));
        page["navigation"] = 0;
        string text = "page: " + string.Join(", ", page.OrderBy(kv => kv.Value).Select(kv => $"{kv.Key} {kv.Value:0}")) +
                      " | node: " + string.Join(", ", node.OrderBy(kv => kv.Value).Select(kv => $"{kv.Key} {kv.Value:0}"));
        return new JoinBreakdown(page, node, text);
    }

    private static Dictionary<string, double> Read(JsonElement list)
    {
        var steps = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var item in list.EnumerateArray())
            steps.TryAdd(item.GetProperty("step").GetString()!, item.GetProperty("atMs").GetDouble());
        return steps;
    }

    /// <summary>Every expected step that is missing, and every pair out of order, as readable lines (empty when sound).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        Check("page", _page, PageOrder, problems);
        Check("node", _node, NodeOrder, problems);
        return problems;
    }

    private static void Check(string where, Dictionary<string, double> steps, string[] order, List<string> problems)
    {
        string? previous = null;
        foreach (string step in order)
        {
            if (!steps.TryGetValue(step, out double at))
            {
                problems.Add($"{where}: no '{step}' step");
                continue;
            }
            if (previous is not null && at < steps[previous])
                problems.Add($"{where}: '{step}' at {at:0.0} ms comes before '{previous}' at {steps[previous]:0.0} ms");
            previous = step;
        }
    }

    /// <summary>A phase's duration in ms, or null when one of its steps is missing.</summary>
    public double? Duration(string from, string to) => At(from) is { } a && At(to) is { } b ? b - a : null;

    private double? At(string step) =>
        step.StartsWith("node:", StringComparison.Ordinal)
            ? _node.TryGetValue(step[5..], out double n) ? n : null
            : _page.TryGetValue(step, out double p) ? p : null;
}
