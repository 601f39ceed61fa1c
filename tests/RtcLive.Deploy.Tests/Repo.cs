using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RtcLive.E2E.Tests.Server;
using YamlDotNet.RepresentationModel;

namespace RtcLive.Deploy.Tests;

/// <summary>Paths, YAML and the services' configuration, read from the repository the tests were built from.</summary>
public static partial class Repo
{
    public static string Root => RepositoryLayout.Root;

    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    /// <summary>Every YAML document of a file (multi-document files included).</summary>
    public static List<YamlMappingNode> YamlDocuments(string path)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(path));
        stream.Load(reader);
        return stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>().ToList();
    }

    public static YamlNode? At(this YamlNode node, params string[] path)
    {
        YamlNode? current = node;
        foreach (string key in path)
        {
            if (current is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var next)) current = next;
            else return null;
        }
        return current;
    }

    public static string? Text(this YamlNode node, params string[] path) => (node.At(path) as YamlScalarNode)?.Value;

    public static IEnumerable<YamlNode> Items(this YamlNode node, params string[] path) =>
        node.At(path) is YamlSequenceNode seq ? seq.Children : [];

    public static IEnumerable<(string Key, YamlNode Value)> Entries(this YamlNode node, params string[] path) =>
        node.At(path) is YamlMappingNode map ? map.Children.Select(c => (((YamlScalarNode)c.Key).Value!, c.Value)) : [];

    /// <summary>A service's appsettings.json.</summary>
    public static JsonNode AppSettings(string project) => JsonNode.Parse(Read($"{project}/appsettings.json"))!;

    /// <summary>The port of a URL or an address:port.</summary>
    public static int PortOf(string address)
    {
        var match = PortPattern().Match(address);
        if (!match.Success) throw new FormatException($"no port in '{address}'");
        return int.Parse(match.Groups[1].Value);
    }

    [GeneratedRegex(@":(\d+)/?$")]
    private static partial Regex PortPattern();

    /// <summary>The source directories a host reads its configuration in (itself and the libraries it runs).</summary>
    public static readonly Dictionary<string, string[]> ServiceSources = new()
    {
        ["signaling"] = ["Signaling/RtcLive.Signaling", "Sfu/RtcLive.Sfu", "Relay/RtcLive.Cluster"],
        ["sfu"] = ["Sfu/RtcLive.SfuNode", "Sfu/RtcLive.Sfu", "Relay/RtcLive.Cluster"],
        ["hls"] = ["Relay/RtcLive.Hls.Worker", "Relay/RtcLive.Hls", "Sfu/RtcLive.Sfu", "Relay/RtcLive.Cluster"],
    };

    private static readonly Dictionary<string, string> SourceCache = [];

    private static string SourceOf(string service)
    {
        lock (SourceCache)
        {
            if (SourceCache.TryGetValue(service, out string? text)) return text;
            var all = new System.Text.StringBuilder();
            foreach (string dir in ServiceSources[service])
                foreach (string file in Directory.EnumerateFiles(PathOf(dir), "*.cs", SearchOption.AllDirectories))
                    if (!file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")) all.AppendLine(File.ReadAllText(file));
            return SourceCache[service] = all.ToString();
        }
    }

    /// <summary>
    /// Whether the service reads the configuration key an environment variable sets (<c>RtcLive__Node__Id</c> →
    /// <c>RtcLive:Node:Id</c>): the full key is a literal in its source, or its section is a literal and the rest
    /// a property of the options class; dictionary entries (<c>RegionCosts__eu-us</c>) count by their dictionary.
    /// </summary>
    public static bool ServiceReads(string service, string environmentName)
    {
        string[] parts = environmentName.Split("__");
        if (parts[0] == "Kestrel") return environmentName == "Kestrel__Endpoints__Http__Url";
        if (parts[0] != "RtcLive") return false;
        string source = SourceOf(service);
        // A list bound from configuration takes its entries as numbered keys (RtcLive__Turn__Urls__0).
        if (parts.Length > 3 && parts[^1].All(char.IsAsciiDigit)
            && Regex.IsMatch(source, $@"public [^\n]*(List<|\[\])[^\n]* {Regex.Escape(parts[^2])} {{ get;"))
            return ServiceReads(service, string.Join("__", parts[..^1]));
        for (int n = parts.Length; n >= 2; n--)
        {
            string key = string.Join(':', parts[..n]);
            if (source.Contains($"\"{key}\"", StringComparison.Ordinal)) return n == parts.Length || IsDictionary(source, parts[n - 1]);
            if (n >= 3)
            {
                string section = string.Join(':', parts[..(n - 1)]);
                if (source.Contains($"\"{section}\"", StringComparison.Ordinal)
                    && Regex.IsMatch(source, $@"public [^\n]* {Regex.Escape(parts[n - 1])} {{ get;"))
                    return n == parts.Length || IsDictionary(source, parts[n - 1]);
            }
        }
        return false;
    }

    private static bool IsDictionary(string source, string property) =>
        Regex.IsMatch(source, $@"public [^\n]*Dictionary<[^\n]* {Regex.Escape(property)} {{ get;");

    /// <summary>Metric names the code defines (Metrics.Create…("name")).</summary>
    public static HashSet<string> MetricsDefinedIn(string directory)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories))
            foreach (Match m in Regex.Matches(File.ReadAllText(file), @"Metrics\.Create\w+\(\s*""([a-zA-Z_:][a-zA-Z0-9_:]*)"""))
                names.Add(m.Groups[1].Value);
        return names;
    }
}
