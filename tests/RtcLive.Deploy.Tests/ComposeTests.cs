using System.Diagnostics;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace RtcLive.Deploy.Tests;

/// <summary>
/// docker-compose.yml validated offline with Debian's docker-compose (<c>config</c> resolves anchors, variables and
/// profiles), then the resolved file checked: every service the cluster needs, with its ports and environment.
/// </summary>
public sealed class ComposeTests
{
    private static readonly Dictionary<string, string> Secrets = new()
    {
        ["RTCLIVE_CONTROL_TOKEN"] = "compose-test-control-token-0123",
        ["RTCLIVE_AUTH_SECRET"] = "compose-test-auth-secret-0123456789abcdef",
        ["RTCLIVE_ADMIN_TOKEN"] = "compose-test-admin-token",
        ["GRAFANA_ADMIN_PASSWORD"] = "compose-test-grafana",
        ["RTCLIVE_TURN_SECRET"] = "compose-test-turn-secret-0123456789",
        ["RTCLIVE_PUBLIC_IP"] = "203.0.113.10",
    };

    private static (int Code, string Output, string Error) Compose(Dictionary<string, string> env, params string[] args)
    {
        string binary = File.Exists("/usr/bin/docker-compose") ? "/usr/bin/docker-compose"
            : throw new InvalidOperationException("docker-compose is missing: ./test.sh installs it (apt-get install docker-compose)");
        var start = new ProcessStartInfo(binary) { WorkingDirectory = Repo.Root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args) start.ArgumentList.Add(arg);
        foreach (string name in Secrets.Keys) start.Environment.Remove(name);
        foreach (var (k, v) in env) start.Environment[k] = v;
        start.Environment["COMPOSE_PROFILES"] = "";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000)) { process.Kill(); throw new TimeoutException("docker-compose config took over 60 s"); }
        return (process.ExitCode, output.Result, error.Result);
    }

    private static readonly Lazy<YamlMappingNode> Resolved = new(() =>
    {
        var (code, output, error) = Compose(Secrets, "-f", "docker-compose.yml", "config");
        Assert.True(code == 0, "docker-compose config failed:\n" + error);
        var stream = new YamlStream();
        stream.Load(new StringReader(output));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    });

    private static YamlNode Service(string name) =>
        Resolved.Value.At("services", name) ?? throw new Xunit.Sdk.XunitException($"docker-compose.yml has no service {name}");

    private static Dictionary<string, string> Env(string service) =>
        Service(service).Entries("environment").ToDictionary(e => e.Key, e => ((YamlScalarNode)e.Value).Value ?? "");

    private static List<(int Published, int Target, string Protocol)> Ports(string service) =>
        Service(service).Items("ports").Select(p => (int.Parse(p.Text("published")!), int.Parse(p.Text("target")!), p.Text("protocol") ?? "tcp")).ToList();

    private static readonly string[] Signalings = ["signaling-1", "signaling-2"];
    private static readonly string[] Sfus = ["sfu-eu-1", "sfu-eu-2", "sfu-us-1"];

    [Fact]
    public void ValidatesOfflineAndNamesEveryService()
    {
        var services = Resolved.Value.Entries("services").Select(e => e.Key).ToHashSet();
        foreach (string name in (string[])["redis", "lb", .. Signalings, .. Sfus, "coturn", "hls", "hls-edge", "prometheus", "grafana"])
            Assert.Contains(name, services);
    }

    [Fact]
    public void RefusesToStartWithoutTheSecrets()
    {
        var (code, _, error) = Compose([], "-f", "docker-compose.yml", "config");
        Assert.NotEqual(0, code);
        Assert.Contains("RTCLIVE_CONTROL_TOKEN", error);
    }

    [Fact]
    public void SignalingInstancesShareRedisAndSecretsBehindAWebSocketLoadBalancer()
    {
        int port = Repo.PortOf((string)Repo.AppSettings("Signaling/RtcLive.Signaling")["Kestrel"]!["Endpoints"]!["Http"]!["Url"]!);
        var regions = new HashSet<string>();
        foreach (string name in Signalings)
        {
            var env = Env(name);
            Assert.Equal($"http://0.0.0.0:{port}", env["Kestrel__Endpoints__Http__Url"]);
            Assert.Equal("redis:6379", env["RtcLive__Cluster__Redis"]);
            Assert.Equal(Secrets["RTCLIVE_CONTROL_TOKEN"], env["RtcLive__Sfu__ControlToken"]);
            Assert.Equal(Secrets["RTCLIVE_AUTH_SECRET"], env["RtcLive__Auth__Secret"]);
            Assert.Equal(Secrets["RTCLIVE_ADMIN_TOKEN"], env["RtcLive__Auth__AdminToken"]);
            Assert.Equal("false", env["RtcLive__Auth__DevTokens"]);
            Assert.Equal("true", env["RtcLive__Logging__Json"]);
            regions.Add(env["RtcLive__Region"]);
            foreach (string key in env.Keys) Assert.True(Repo.ServiceReads("signaling", key), $"{name}: signaling reads no setting {key}");
            Assert.Equal("deploy/signaling.Dockerfile", Service(name).Text("build", "dockerfile"));
        }
        Assert.Equal(2, regions.Count);

        Assert.Contains((8080, 80, "tcp"), Ports("lb"));
        string lb = Repo.Read("deploy/nginx/lb.conf");
        foreach (string name in Signalings) Assert.Contains($"server {name}:{port}", lb);
        Assert.Contains("proxy_set_header Upgrade $http_upgrade", lb);
        Assert.Contains("proxy_set_header Connection $connection_upgrade", lb);
        Assert.Contains("ip_hash", lb);
        Assert.Contains(Service("lb").Items("volumes").Select(v => ((YamlScalarNode)v).Value!), v => v.Contains("deploy/nginx/lb.conf"));
    }

    [Fact]
    public void SfuNodesInTwoRegionsPublishTheirOwnUdpPorts()
    {
        int control = Repo.PortOf((string)Repo.AppSettings("Sfu/RtcLive.SfuNode")["Kestrel"]!["Endpoints"]!["Http"]!["Url"]!);
        var ids = new HashSet<string>();
        var regions = new HashSet<string>();
        var udp = new HashSet<int>();
        foreach (string name in Sfus)
        {
            var env = Env(name);
            int media = Repo.PortOf(env["RtcLive__Media__Bind"]);
            Assert.StartsWith("0.0.0.0:", env["RtcLive__Media__Bind"]);
            Assert.Contains((media, media, "udp"), Ports(name));
            Assert.Contains((media, media, "tcp"), Ports(name)); // ICE-TCP takes the UDP port's number by default
            Assert.True(udp.Add(media), $"{name}: media port {media} taken twice");
            Assert.True(ids.Add(env["RtcLive__Node__Id"]));
            regions.Add(env["RtcLive__Node__Region"]);
            Assert.Equal($"http://0.0.0.0:{control}", env["Kestrel__Endpoints__Http__Url"]);
            Assert.Equal($"http://{name}:{control}", env["RtcLive__Node__ControlUrl"]);
            Assert.Equal(Secrets["RTCLIVE_CONTROL_TOKEN"], env["RtcLive__Node__ControlToken"]);
            Assert.Equal("redis:6379", env["RtcLive__Cluster__Redis"]);
            Assert.True(System.Net.IPAddress.TryParse(env["RtcLive__Media__AnnouncedAddress"], out _));
            foreach (string key in env.Keys) Assert.True(Repo.ServiceReads("sfu", key), $"{name}: the SFU node reads no setting {key}");
            Assert.Equal("deploy/sfu.Dockerfile", Service(name).Text("build", "dockerfile"));
        }
        Assert.True(regions.Count >= 2);
    }

    [Fact]
    public void CoturnRunsBesideTheClusterWithTheSecretSignalingSignsWith()
    {
        var coturn = Service("coturn");
        var args = coturn.Items("command").Select(c => ((YamlScalarNode)c).Value!).ToList();
        string Arg(string name) => args.Single(a => a.StartsWith($"--{name}=", StringComparison.Ordinal))[(name.Length + 3)..];

        Assert.Equal("host", coturn.Text("network_mode"));
        Assert.Contains("--use-auth-secret", args);
        Assert.Equal(Secrets["RTCLIVE_TURN_SECRET"], Arg("static-auth-secret"));
        Assert.Equal(Secrets["RTCLIVE_PUBLIC_IP"], Arg("external-ip"));
        int turnPort = int.Parse(Arg("listening-port"));
        Assert.True(int.Parse(Arg("min-port")) < int.Parse(Arg("max-port")));
        // Relaying into private networks is refused, except to the host where the SFU nodes' ports are.
        foreach (string range in (string[])["10.0.0.0-10.255.255.255", "172.16.0.0-172.31.255.255", "192.168.0.0-192.168.255.255", "127.0.0.0-127.255.255.255"])
            Assert.Contains($"--denied-peer-ip={range}", args);
        Assert.Equal(Secrets["RTCLIVE_PUBLIC_IP"], Arg("allowed-peer-ip"));
        Assert.Contains("coturn/coturn", coturn.Text("image"));

        foreach (string name in Signalings)
        {
            var env = Env(name);
            Assert.Equal(Secrets["RTCLIVE_TURN_SECRET"], env["RtcLive__Turn__Secret"]);
            var urls = env.Where(e => e.Key.StartsWith("RtcLive__Turn__Urls__", StringComparison.Ordinal)).Select(e => e.Value).ToList();
            Assert.Contains($"turn:{Secrets["RTCLIVE_PUBLIC_IP"]}:{turnPort}?transport=udp", urls);
            Assert.Contains($"turn:{Secrets["RTCLIVE_PUBLIC_IP"]}:{turnPort}?transport=tcp", urls);
        }

        var withoutSecret = new Dictionary<string, string>(Secrets);
        withoutSecret.Remove("RTCLIVE_TURN_SECRET");
        var (code, _, error) = Compose(withoutSecret, "-f", "docker-compose.yml", "config");
        Assert.NotEqual(0, code);
        Assert.Contains("RTCLIVE_TURN_SECRET", error);
    }

    [Fact]
    public void HlsWorkerAndEdgeCache()
    {
        // The real worker: built from its Dockerfile, in the cluster, able to call the nodes, reached through the edge.
        var hls = Service("hls");
        Assert.Null(hls.At("profiles"));
        Assert.Equal("deploy/hls.Dockerfile", hls.Text("build", "dockerfile"));
        Assert.True(File.Exists(Repo.PathOf("deploy/hls.Dockerfile")));
        var env = Env("hls");
        foreach (string key in env.Keys) Assert.True(Repo.ServiceReads("hls", key), $"hls: the HLS worker reads no setting {key}");
        Assert.Equal("redis:6379", env["RtcLive__Cluster__Redis"]);
        Assert.Equal(Secrets["RTCLIVE_CONTROL_TOKEN"], env["RtcLive__HlsWorker__ControlToken"]);
        Assert.Contains(env["RtcLive__HlsWorker__Region"], Sfus.Select(s => Env(s)["RtcLive__Node__Region"]));
        string port = hls.Items("expose").Select(p => ((YamlScalarNode)p).Value!).Single();
        Assert.Equal(port, Repo.PortOf(env["Kestrel__Endpoints__Http__Url"]).ToString());
        // Viewers are sent to the edge cache's published port, and media arrives at the worker's own address.
        int edgePort = Ports("hls-edge").Single(p => p.Target == 80).Published;
        Assert.EndsWith($":{edgePort}", env["RtcLive__HlsWorker__PublicUrl"]);
        Assert.Equal(hls.Text("networks", "default", "ipv4_address"), env["RtcLive__HlsWorker__MediaAddress"]);

        Assert.Contains($"http://hls:{port}", Repo.Read("deploy/nginx/hls-edge.conf"));
        Assert.Contains("proxy_cache", Repo.Read("deploy/nginx/hls-edge.conf"));
        Assert.Contains((8088, 80, "tcp"), Ports("hls-edge"));
        Assert.Null(Service("hls-edge").At("depends_on"));
        Assert.DoesNotContain("PLACEHOLDER", Repo.Read("docker-compose.yml"));
    }

    [Fact]
    public void PrometheusScrapesEveryServiceAndGrafanaHasTheDashboard()
    {
        var prometheus = Service("prometheus");
        var volumes = prometheus.Items("volumes").Select(v => ((YamlScalarNode)v).Value!).ToList();
        Assert.Contains(volumes, v => v.Contains("deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml"));
        Assert.Contains(volumes, v => v.Contains("deploy/prometheus/rules:/etc/prometheus/rules"));

        var config = Repo.YamlDocuments(Repo.PathOf("deploy/prometheus/prometheus.yml"))[0];
        var targets = config.Items("scrape_configs").SelectMany(job => job.Items("static_configs"))
            .SelectMany(sc => sc.Items("targets").Select(t => (Target: ((YamlScalarNode)t).Value!, Node: sc.Text("labels", "node"), Region: sc.Text("labels", "region"))))
            .ToList();
        foreach (string name in Signalings) Assert.Contains(targets, t => t.Target == $"{name}:8080" && t.Node == name && t.Region == Env(name)["RtcLive__Region"]);
        foreach (string name in Sfus)
            Assert.Contains(targets, t => t.Target == $"{name}:9090" && t.Node == Env(name)["RtcLive__Node__Id"] && t.Region == Env(name)["RtcLive__Node__Region"]);
        Assert.Contains(targets, t => t.Target == "hls:8090" && t.Node == Env("hls")["RtcLive__HlsWorker__Id"] && t.Region == Env("hls")["RtcLive__HlsWorker__Region"]);

        var grafana = Service("grafana");
        var mounts = grafana.Items("volumes").Select(v => ((YamlScalarNode)v).Value!).ToList();
        Assert.Contains(mounts, v => v.Contains("deploy/grafana/provisioning:/etc/grafana/provisioning"));
        string dashboards = mounts.Single(v => v.Contains("deploy/grafana/dashboards:")).Split(':')[1];
        var provider = Repo.YamlDocuments(Repo.PathOf("deploy/grafana/provisioning/dashboards/rtclive.yml"))[0];
        Assert.Equal(dashboards, provider.Items("providers").Single().Text("options", "path"));
        var datasource = Repo.YamlDocuments(Repo.PathOf("deploy/grafana/provisioning/datasources/prometheus.yml"))[0].Items("datasources").Single();
        Assert.Equal("http://prometheus:9090", datasource.Text("url"));
        Assert.Contains((3000, 3000, "tcp"), Ports("grafana"));
        Assert.True(File.Exists(Repo.PathOf("deploy/grafana/dashboards/rtclive-cluster.json")));
        Assert.Matches(new Regex(@"--config\.file=/etc/prometheus/prometheus\.yml"), string.Join(' ', prometheus.Items("command").Select(c => ((YamlScalarNode)c).Value)));
    }
}
