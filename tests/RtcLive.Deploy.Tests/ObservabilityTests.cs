using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace RtcLive.Deploy.Tests;

/// <summary>
/// The dashboard and the alert rules query only what a running node, signaling and HLS worker export (scraped from
/// their /metrics), Prometheus' files parse, and the processes' logs are JSON lines with ECS fields and no secrets.
/// </summary>
[Collection(LocalClusterCollection.Name)]
public sealed partial class ObservabilityTests(LocalClusterFixture cluster)
{
    /// <summary>Names Prometheus makes itself, not the services.</summary>
    private static readonly HashSet<string> Synthetic = ["up", "scrape_duration_seconds", "scrape_samples_scraped"];

    private async Task<HashSet<string>> ExportedAsync()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (string url in (string[])[cluster.NodeUrl, cluster.SignalingUrl, cluster.HlsWorkerUrl])
        {
            string text = await cluster.Http.GetStringAsync(url + "/metrics");
            foreach (Match m in TypeLine().Matches(text)) names.Add(m.Groups[1].Value);
        }
        return names;
    }

    [GeneratedRegex(@"^# TYPE (\S+) ", RegexOptions.Multiline)]
    private static partial Regex TypeLine();

    private static IEnumerable<(string Where, string Expr)> DashboardQueries()
    {
        var dashboard = JsonNode.Parse(Repo.Read("deploy/grafana/dashboards/rtclive-cluster.json"))!;
        foreach (var panel in dashboard["panels"]!.AsArray())
            foreach (var target in panel!["targets"]?.AsArray() ?? [])
                yield return ($"panel '{panel["title"]}'", (string)target!["expr"]!);
        foreach (var variable in dashboard["templating"]!["list"]!.AsArray())
            if ((string?)variable!["type"] == "query")
            {
                string query = (string)variable["query"]!["query"]!;
                var inner = Regex.Match(query, @"label_values\((.*),\s*\w+\)$");
                yield return ($"variable {variable["name"]}", inner.Success ? inner.Groups[1].Value : query);
            }
    }

    [Fact]
    public async Task TheDashboardQueriesOnlyExportedMetrics()
    {
        var exported = await ExportedAsync();
        Assert.Contains("rtclive_participants", exported);
        Assert.Contains("rtclive_failovers_total", exported);
        var queries = DashboardQueries().ToList();
        Assert.True(queries.Count >= 20);
        var used = new HashSet<string>();
        foreach (var (where, expr) in queries)
            foreach (string name in Promql.MetricNames(expr))
            {
                used.Add(name);
                Assert.True(exported.Contains(name) || Synthetic.Contains(name), $"{where} queries {name}, which no service exports:\n{expr}");
            }
        // What the issue asks to see.
        foreach (string name in (string[])["rtclive_participants", "rtclive_rooms", "rtclive_rtp_bytes_forwarded_total", "rtclive_rtp_packets_forwarded_total",
                     "rtclive_rtp_packets_lost_total", "rtclive_nack_received_total", "rtclive_pli_sent_total", "rtclive_simulcast_switches_total",
                     "rtclive_failovers_total", "process_cpu_seconds_total", "process_working_set_bytes",
                     "rtclive_relay_links", "rtclive_relay_packets_total", "rtclive_hls_viewers", "rtclive_hls_transcode_speed",
                     "rtclive_hls_segments_written_total", "rtclive_hls_restarts_total", "rtclive_hls_relay_pulls"])
            Assert.Contains(name, used);
        Assert.DoesNotContain("Waiting for", Repo.Read("deploy/grafana/dashboards/rtclive-cluster.json"));
    }

    [Fact]
    public async Task AlertRulesParseAndQueryExportedMetrics()
    {
        var exported = await ExportedAsync();
        var config = Repo.YamlDocuments(Repo.PathOf("deploy/prometheus/prometheus.yml"))[0];
        Assert.Equal("/etc/prometheus/rules/*.yml", config.Items("rule_files").Select(r => ((YamlScalarNode)r).Value).Single());
        Assert.Contains(config.Items("scrape_configs").Select(j => j.Text("job_name")), j => j == "rtclive-sfu");
        Assert.NotEmpty(Repo.YamlDocuments(Repo.PathOf("deploy/prometheus/kubernetes-scrape.yml"))[0].Items("scrape_configs"));

        var alerts = new HashSet<string>();
        foreach (string file in Directory.EnumerateFiles(Repo.PathOf("deploy/prometheus/rules"), "*.yml"))
        {
            var rules = Repo.YamlDocuments(file)[0].Items("groups").SelectMany(g => g.Items("rules")).ToList();
            var recorded = rules.Select(r => r.Text("record")).OfType<string>().ToHashSet();
            foreach (var rule in rules)
            {
                Assert.True((rule.Text("alert") is null) != (rule.Text("record") is null), $"{file}: a rule is an alert or a record");
                if (rule.Text("alert") is { } alert)
                {
                    alerts.Add(alert);
                    Assert.False(string.IsNullOrEmpty(rule.Text("labels", "severity")), alert);
                    Assert.False(string.IsNullOrEmpty(rule.Text("annotations", "summary")), alert);
                    if (rule.Text("for") is { } duration) Assert.Matches(@"^\d+[smh]$", duration);
                }
                foreach (string name in Promql.MetricNames(rule.Text("expr")!))
                {
                    if (Synthetic.Contains(name) || recorded.Contains(name)) continue;
                    Assert.True(exported.Contains(name), $"{Path.GetFileName(file)}: {rule.Text("alert") ?? rule.Text("record")} reads {name}, which no service exports");
                }
            }
        }
        foreach (string alert in (string[])["RtcLiveSfuNodeDown", "RtcLivePacketLossHigh", "RtcLiveHlsTranscodeFailing"]) Assert.Contains(alert, alerts);
        Assert.Contains("0.02", Repo.Read("deploy/prometheus/rules/rtclive.rules.yml"));
    }

    private static readonly string[] EcsFields = ["@timestamp", "log.level", "message", "log.logger", "service.name", "service.node.name", "ecs.version", "process.pid"];

    [Fact]
    public void LogsAreEcsJsonLinesWithoutSecrets()
    {
        foreach (var (host, service) in (ValueTuple<E2E.Tests.Server.HostProcess, string>[])[(cluster.Node, "rtclive-sfu"), (cluster.Signaling, "rtclive-signaling"),
                     (cluster.HlsWorker, "rtclive-hls")])
        {
            var lines = host.Log;
            Assert.NotEmpty(lines);
            foreach (string line in lines)
            {
                JsonObject doc;
                try { doc = JsonNode.Parse(line)!.AsObject(); }
                catch (JsonException ex) { throw new Xunit.Sdk.XunitException($"{service}: not a JSON line ({ex.Message}): {line}"); }
                foreach (string field in EcsFields) Assert.True(doc.ContainsKey(field), $"{service}: no {field} in {line}");
                Assert.True(DateTimeOffset.TryParse((string)doc["@timestamp"]!, out _));
                Assert.Contains((string)doc["log.level"]!, (string[])["trace", "debug", "info", "warn", "error", "critical"]);
                Assert.Equal(service, (string)doc["service.name"]!);
                foreach (string secret in (string[])[LocalClusterFixture.ControlToken, LocalClusterFixture.AdminToken, LocalClusterFixture.AuthSecret])
                    Assert.DoesNotContain(secret, line);
            }
        }
        var registered = cluster.Node.Log.Select(l => JsonNode.Parse(l)!).First(d => ((string)d["message"]!).Contains("registered in the cluster"));
        Assert.Equal("eu-1", (string)registered["labels.node"]!);
        Assert.Equal("eu-1", (string)registered["service.node.name"]!);
        Assert.Equal("eu", (string)registered["labels.region"]!);
        var worker = cluster.HlsWorker.Log.Select(l => JsonNode.Parse(l)!).First(d => ((string)d["message"]!).Contains("registered in the cluster"));
        Assert.Equal("hls-eu", (string)worker["service.node.name"]!);
    }
}
