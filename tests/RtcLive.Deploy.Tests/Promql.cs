using System.Text.RegularExpressions;

namespace RtcLive.Deploy.Tests;

/// <summary>The metric names a PromQL expression reads (not functions, keywords, labels, durations or strings).</summary>
public static partial class Promql
{
    private static readonly HashSet<string> Keywords =
    [
        "by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool", "and", "or", "unless",
        "sum", "avg", "min", "max", "count", "topk", "bottomk", "quantile", "stddev", "stdvar", "inf", "nan",
    ];

    public static HashSet<string> MetricNames(string expr)
    {
        string s = Strings().Replace(expr, "\"\"");
        s = Braces().Replace(s, " ");
        s = Brackets().Replace(s, " ");
        s = Grouping().Replace(s, " ");
        s = Templating().Replace(s, " ");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in Identifier().Matches(s))
        {
            string name = m.Groups[1].Value;
            if (Keywords.Contains(name.ToLowerInvariant())) continue;
            if (s[(m.Index + m.Length)..].TrimStart().StartsWith('(')) continue; // a function
            names.Add(name);
        }
        return names;
    }

    [GeneratedRegex(@"""(?:[^""\\]|\\.)*""")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Braces();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Brackets();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\$\{?\w+\}?")]
    private static partial Regex Templating();

    [GeneratedRegex(@"(?<![\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)")]
    private static partial Regex Identifier();
}
