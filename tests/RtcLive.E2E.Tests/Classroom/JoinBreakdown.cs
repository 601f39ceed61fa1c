using System.Text.Json;

namespace RtcLive.E2E.Tests.Classroom;

/// <summary>
/// One viewer's join taken apart: the page's steps and its node's steps from <c>stats().joinTimeline</c> (ms since
/// the page's navigation start), checked for completeness and order, and turned into phase durations.
/// </summary>
public sealed class JoinBreakdown
{
    /// <summary>
    /// The page's steps that every WebRTC viewer's join goes through, as chains that must each happen in order.
    /// A page step is when the page's handler ran, so only links where the later step waits for the earlier one's
    /// mark are chained (the dev token and the hub run side by side; ICE, DTLS, the first packet and the first
    /// frame are events from different sources whose handlers may run in any order once the answer is made).
    /// The node's chains give the true order of ICE, DTLS and the first packet.
    /// </summary>
    public static readonly string[][] PageChains =
    [
        ["html", "script", "hub", "joined", "offer", "answer-made", "ice-checking", "ice-connected"],
        ["script", "token", "joined"],
        ["answer-made", "answered"],
        ["answer-made", "media-connected"],
        ["answer-made", "first-video-packet"],
        ["answer-made", "first-frame"],
    ];

    /// <summary>The node's steps of a subscriber's join, as chains that must each happen in order.</summary>
    public static readonly string[][] NodeChains =
    [
        ["node-joined", "offer-made", "answer-applied", "ice-checked", "dtls-connected", "first-video-sent"],
        ["ice-checked", "keyframe-requested", "first-video-sent"],
    ];

    /// <summary>Phases reported: a name and the steps it runs between (page steps unless prefixed <c>node:</c>).</summary>
    public static readonly (string Phase, string From, string To)[] Phases =
    [
        ("page load (navigation → script)", "navigation", "script"),
        ("dev token (script → token)", "script", "token"),
        ("SignalR connect (script → hub open)", "script", "hub"),
        ("Join RPC (token and hub → joined)", "token|hub", "joined"),
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
        ("node: keyframe requested → DTLS done", "node:keyframe-requested", "node:dtls-connected"),
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
    /// <remarks>A step missing from several chains is named once per chain.</remarks>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        foreach (var chain in PageChains) Check("page", _page, chain, problems);
        foreach (var chain in NodeChains) Check("node", _node, chain, problems);
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
        step.Split('|') is { Length: > 1 } either
            ? either.Select(At).Aggregate((double?)double.MinValue, (a, b) => a is { } x && b is { } y ? Math.Max(x, y) : null)
            : step.StartsWith("node:", StringComparison.Ordinal)
            ? _node.TryGetValue(step[5..], out double n) ? n : null
            : _page.TryGetValue(step, out double p) ? p : null;
}
