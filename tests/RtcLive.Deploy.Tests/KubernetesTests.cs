using YamlDotNet.RepresentationModel;

namespace RtcLive.Deploy.Tests;

/// <summary>
/// deploy/k8s checked offline (no cluster here): every manifest parses and has the fields that matter (images,
/// ports, probes, resources), names the ports and settings the services read, and the pieces fit together
/// (Services select pods, the Ingress reaches Services, the HPA scales a workload on an adapter metric the SFU exports).
/// </summary>
public sealed class KubernetesTests
{
    private static readonly Lazy<List<(string File, YamlMappingNode Doc)>> All = new(() =>
        Directory.EnumerateFiles(Repo.PathOf("deploy/k8s"), "*.yaml")
            .SelectMany(f => Repo.YamlDocuments(f).Select(d => (Path.GetFileName(f), d))).ToList());

    private static IEnumerable<YamlMappingNode> OfKind(string kind) => All.Value.Where(d => d.Doc.Text("kind") == kind).Select(d => d.Doc);

    private static YamlMappingNode Named(string kind, string name) =>
        OfKind(kind).SingleOrDefault(d => d.Text("metadata", "name") == name) ?? throw new Xunit.Sdk.XunitException($"no {kind} {name}");

    private static IEnumerable<YamlMappingNode> Workloads() =>
        OfKind("Deployment").Concat(OfKind("StatefulSet")).Concat(OfKind("DaemonSet"));

    private static Dictionary<string, string> Labels(YamlNode node, params string[] path) =>
        node.Entries(path).ToDictionary(e => e.Key, e => ((YamlScalarNode)e.Value).Value ?? "");

    private static bool Selects(Dictionary<string, string> selector, Dictionary<string, string> labels) =>
        selector.Count > 0 && selector.All(s => labels.TryGetValue(s.Key, out string? v) && v == s.Value);

    [Fact]
    public void EveryManifestParsesWithKindAndName()
    {
        Assert.True(All.Value.Count >= 10);
        foreach (var (file, doc) in All.Value)
        {
            Assert.False(string.IsNullOrEmpty(doc.Text("apiVersion")), file);
            Assert.False(string.IsNullOrEmpty(doc.Text("kind")), file);
            if (doc.Text("kind") != "Kustomization") Assert.False(string.IsNullOrEmpty(doc.Text("metadata", "name")), file);
        }
        var kustomization = OfKind("Kustomization").Single();
        var listed = kustomization.Items("resources").Select(r => ((YamlScalarNode)r).Value!).ToList();
        foreach (string resource in listed) Assert.True(File.Exists(Repo.PathOf("deploy/k8s/" + resource)), resource);
        // Everything but the examples and the adapter's rules (another namespace) is applied.
        foreach (var file in All.Value.Select(d => d.File).Distinct())
            if (file is not ("kustomization.yaml" or "secret.example.yaml" or "prometheus-adapter.yaml")) Assert.Contains(file, listed);
    }

    [Fact]
    public void ContainersHaveImagesPortsProbesAndResources()
    {
        foreach (var workload in Workloads())
        {
            string name = workload.Text("metadata", "name")!;
            Assert.True(Selects(Labels(workload, "spec", "selector", "matchLabels"), Labels(workload, "spec", "template", "metadata", "labels")), $"{name}: selector misses its pods");
            Assert.Equal("true", workload.Text("spec", "template", "spec", "securityContext", "runAsNonRoot"));
            foreach (var container in workload.Items("spec", "template", "spec", "containers"))
            {
                Assert.False(string.IsNullOrEmpty(container.Text("image")), name);
                Assert.NotEmpty(container.Items("ports"));
                Assert.NotNull(container.At("readinessProbe"));
                Assert.NotNull(container.At("livenessProbe"));
                foreach (string kind in (string[])["requests", "limits"])
                    foreach (string resource in (string[])["cpu", "memory"])
                        Assert.False(string.IsNullOrEmpty(container.Text("resources", kind, resource)), $"{name}: resources.{kind}.{resource}");
                // Named probe ports exist on the container.
                var portNames = container.Items("ports").Select(p => p.Text("name")).ToHashSet();
                foreach (string probe in (string[])["readinessProbe", "livenessProbe", "startupProbe"])
                    if (container.Text(probe, "httpGet", "port") is { } port && !int.TryParse(port, out _)) Assert.Contains(port, portNames);
            }
        }
    }

    private static YamlNode Container(YamlMappingNode workload) => workload.Items("spec", "template", "spec", "containers").First();

    private static Dictionary<string, YamlNode> Env(YamlNode container) =>
        container.Items("env").ToDictionary(e => e.Text("name")!, e => e);

    [Fact]
    public void SignalingNamesItsPortSettingsAndReadiness()
    {
        var signaling = Named("Deployment", "signaling");
        var container = Container(signaling);
        int port = Repo.PortOf((string)Repo.AppSettings("Signaling/RtcLive.Signaling")["Kestrel"]!["Endpoints"]!["Http"]!["Url"]!);
        Assert.Equal(port.ToString(), container.Items("ports").Single(p => p.Text("name") == "http").Text("containerPort"));
        Assert.Equal("/readyz", container.Text("readinessProbe", "httpGet", "path"));
        Assert.Equal("/healthz", container.Text("livenessProbe", "httpGet", "path"));
        var env = Env(container);
        Assert.Equal($"http://0.0.0.0:{port}", env["Kestrel__Endpoints__Http__Url"].Text("value"));
        foreach (string key in env.Keys) Assert.True(Repo.ServiceReads("signaling", key), $"signaling reads no setting {key}");
        foreach (string secret in (string[])["RtcLive__Sfu__ControlToken", "RtcLive__Auth__Secret", "RtcLive__Auth__AdminToken"])
            Assert.Equal("rtclive-secrets", env[secret].Text("valueFrom", "secretKeyRef", "name"));
        Assert.Equal("false", env["RtcLive__Auth__DevTokens"].Text("value"));
        Assert.True(int.Parse(signaling.Text("spec", "replicas")!) >= 2);

        var ingress = Named("Ingress", "rtclive");
        var annotations = Labels(ingress, "metadata", "annotations");
        Assert.Equal("cookie", annotations["nginx.ingress.kubernetes.io/affinity"]);
        Assert.True(int.Parse(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600, "WebSockets stay open for a class");
        foreach (var path in ingress.Items("spec", "rules").SelectMany(r => r.Items("http", "paths")))
        {
            var service = Named("Service", path.Text("backend", "service", "name")!);
            string number = path.Text("backend", "service", "port", "number")!;
            Assert.Contains(number, service.Items("spec", "ports").Select(p => p.Text("port")));
        }
        Assert.NotNull(OfKind("PodDisruptionBudget").SingleOrDefault(p => Selects(Labels(p, "spec", "selector", "matchLabels"), Labels(signaling, "spec", "template", "metadata", "labels"))));
    }

    [Theory]
    [InlineData("sfu-eu", "eu")]
    [InlineData("sfu-us", "us")]
    public void SfuNodesAreReachableAnnounceTheirNodeAndDrainBeforeStopping(string name, string region)
    {
        var sfu = Named("StatefulSet", name);
        var pod = sfu.At("spec", "template", "spec")!;
        var container = Container(sfu);
        var env = Env(container);
        var settings = Repo.AppSettings("Sfu/RtcLive.SfuNode");
        int control = Repo.PortOf((string)settings["Kestrel"]!["Endpoints"]!["Http"]!["Url"]!);
        int media = Repo.PortOf((string)settings["RtcLive"]!["Media"]!["Bind"]!);

        // UDP reachable from clients: the host's own port.
        Assert.Equal("true", pod.Text("hostNetwork"));
        Assert.Equal("ClusterFirstWithHostNet", pod.Text("dnsPolicy"));
        var mediaPort = container.Items("ports").Single(p => p.Text("name") == "media");
        Assert.Equal("UDP", mediaPort.Text("protocol"));
        Assert.Equal(media.ToString(), mediaPort.Text("containerPort"));
        // ICE-TCP on the same number (the default of RtcLive:Media:Tcp), also the host's own port.
        var tcpPort = container.Items("ports").Single(p => p.Text("name") == "media-tcp");
        Assert.Equal("TCP", tcpPort.Text("protocol"));
        Assert.Equal(media.ToString(), tcpPort.Text("containerPort"));
        Assert.Equal(media.ToString(), tcpPort.Text("hostPort"));
        Assert.Equal(media, Repo.PortOf(env["RtcLive__Media__Bind"].Text("value")!));
        Assert.Equal(control.ToString(), container.Items("ports").Single(p => p.Text("name") == "http").Text("containerPort"));
        Assert.Equal($"http://0.0.0.0:{control}", env["Kestrel__Endpoints__Http__Url"].Text("value"));

        // The announced address and the node id come from the node and the pod (downward API).
        Assert.Equal("$(HOST_IP)", env["RtcLive__Media__AnnouncedAddress"].Text("value"));
        Assert.Equal("status.hostIP", env["HOST_IP"].Text("valueFrom", "fieldRef", "fieldPath"));
        Assert.Equal("$(NODE_ID)", env["RtcLive__Node__Id"].Text("value"));
        Assert.Equal("metadata.name", env["NODE_ID"].Text("valueFrom", "fieldRef", "fieldPath"));
        Assert.Equal(region, env["RtcLive__Node__Region"].Text("value"));
        Assert.Equal($"http://$(POD_IP):{control}", env["RtcLive__Node__ControlUrl"].Text("value"));
        Assert.Equal("control-token", env["RtcLive__Node__ControlToken"].Text("valueFrom", "secretKeyRef", "key"));
        foreach (string key in env.Keys.Where(k => k.Contains("__"))) Assert.True(Repo.ServiceReads("sfu", key), $"the SFU node reads no setting {key}");

        // Readiness follows draining; preStop drains through the admin API and waits; the grace period covers both.
        Assert.Equal("/readyz", container.Text("readinessProbe", "httpGet", "path"));
        string preStop = string.Join(' ', container.Items("lifecycle", "preStop", "exec", "command").Select(c => ((YamlScalarNode)c).Value));
        Assert.Contains("rtclive.dll drain \"$NODE_ID\" --deadline 30", preStop);
        Assert.Contains("sleep 35", preStop);
        Assert.True(int.Parse(pod.Text("terminationGracePeriodSeconds")!) > 30 + 35 - 1);
        Assert.Contains("RTCLIVE_SERVER", env.Keys);
        Assert.Equal("admin-token", env["RTCLIVE_ADMIN_TOKEN"].Text("valueFrom", "secretKeyRef", "key"));
        Assert.Contains("http://signaling.", env["RTCLIVE_SERVER"].Text("value"));

        // PDB and HPA on this StatefulSet.
        var labels = Labels(sfu, "spec", "template", "metadata", "labels");
        Assert.Equal(region, labels["rtclive.io/region"]);
        Assert.NotNull(OfKind("PodDisruptionBudget").SingleOrDefault(p => Selects(Labels(p, "spec", "selector", "matchLabels"), labels)));
        var hpa = OfKind("HorizontalPodAutoscaler").Single(h => h.Text("spec", "scaleTargetRef", "name") == name);
        Assert.Equal("StatefulSet", hpa.Text("spec", "scaleTargetRef", "kind"));
        var metric = hpa.Items("spec", "metrics").Single();
        Assert.Equal("Pods", metric.Text("type"));
        Assert.Equal("rtclive_node_participants", metric.Text("pods", "metric", "name"));
        Assert.Equal("true", sfu.Text("spec", "template", "metadata", "annotations", "prometheus.io/scrape"));
        Assert.Equal(control.ToString(), sfu.Text("spec", "template", "metadata", "annotations", "prometheus.io/port"));
    }

    [Fact]
    public void CoturnRunsOnTheHostNetworkWithTheSecretSignalingSignsWith()
    {
        var coturn = Named("DaemonSet", "coturn");
        var pod = coturn.At("spec", "template", "spec")!;
        var container = Container(coturn);
        var env = Env(container);
        var args = container.Items("args").Select(a => ((YamlScalarNode)a).Value!).ToList();
        string Arg(string name) => args.Single(a => a.StartsWith($"--{name}=", StringComparison.Ordinal))[(name.Length + 3)..];

        Assert.Equal("true", pod.Text("hostNetwork"));
        Assert.Contains("--use-auth-secret", args);
        Assert.Equal("$(TURN_SECRET)", Arg("static-auth-secret"));
        Assert.Equal("turn-secret", env["TURN_SECRET"].Text("valueFrom", "secretKeyRef", "key"));
        Assert.Equal("$(HOST_IP)", Arg("external-ip"));
        Assert.Equal("$(HOST_IP)", Arg("allowed-peer-ip"));
        Assert.Equal("status.hostIP", env["HOST_IP"].Text("valueFrom", "fieldRef", "fieldPath"));
        foreach (string range in (string[])["10.0.0.0-10.255.255.255", "172.16.0.0-172.31.255.255", "192.168.0.0-192.168.255.255", "127.0.0.0-127.255.255.255"])
            Assert.Contains($"--denied-peer-ip={range}", args);
        int port = int.Parse(Arg("listening-port"));
        var ports = container.Items("ports").Select(p => (Port: int.Parse(p.Text("containerPort")!), Protocol: p.Text("protocol"))).ToList();
        Assert.Contains((port, "UDP"), ports);
        Assert.Contains((port, "TCP"), ports);

        // Signaling hands out TURN URLs on that port, signed with the same secret.
        var signaling = Env(Container(Named("Deployment", "signaling")));
        Assert.Equal("turn-secret", signaling["RtcLive__Turn__Secret"].Text("valueFrom", "secretKeyRef", "key"));
        var urls = signaling.Where(e => e.Key.StartsWith("RtcLive__Turn__Urls__", StringComparison.Ordinal)).Select(e => e.Value.Text("value")!).ToList();
        Assert.Contains(urls, u => u.StartsWith("turn:", StringComparison.Ordinal) && u.EndsWith($":{port}?transport=udp", StringComparison.Ordinal));
        Assert.Contains(urls, u => u.StartsWith("turn:", StringComparison.Ordinal) && u.EndsWith($":{port}?transport=tcp", StringComparison.Ordinal));
    }

    [Fact]
    public void TheHpaMetricComesFromAnAdapterRuleOverAnExportedMetric()
    {
        var adapter = OfKind("ConfigMap").Single(c => c.Text("metadata", "name") == "prometheus-adapter-rtclive");
        var config = new YamlStream();
        config.Load(new StringReader(adapter.Text("data", "config.yaml")!));
        var rules = ((YamlMappingNode)config.Documents[0].RootNode).Items("rules").ToList();
        var exported = Repo.MetricsDefinedIn(Repo.PathOf("Sfu"));
        foreach (string wanted in OfKind("HorizontalPodAutoscaler").SelectMany(h => h.Items("spec", "metrics")).Select(m => m.Text("pods", "metric", "name")!))
        {
            var rule = rules.Single(r => r.Text("name", "as") == wanted);
            string series = rule.Text("seriesQuery")!.Split('{')[0];
            Assert.Contains(series, exported);
            Assert.Equal("pod", rule.Text("resources", "overrides", "pod", "resource"));
        }
        // Prometheus in Kubernetes gives the series the pod and namespace labels the adapter needs.
        string scrape = Repo.Read("deploy/prometheus/kubernetes-scrape.yml");
        Assert.Contains("target_label: pod", scrape);
        Assert.Contains("target_label: namespace", scrape);
    }

    [Fact]
    public void ServicesSelectPodsAndSecretsAreTheExampleKeys()
    {
        foreach (var service in OfKind("Service"))
        {
            var selector = Labels(service, "spec", "selector");
            var workload = Workloads().FirstOrDefault(w => Selects(selector, Labels(w, "spec", "template", "metadata", "labels")));
            Assert.True(workload is not null, $"Service {service.Text("metadata", "name")} selects no pods");
            var portNames = Container(workload!).Items("ports").Select(p => p.Text("name")).ToHashSet();
            foreach (var port in service.Items("spec", "ports"))
                if (port.Text("targetPort") is { } target && !int.TryParse(target, out _)) Assert.Contains(target, portNames);
        }
        var keys = Named("Secret", "rtclive-secrets").Entries("stringData").Select(e => e.Key).ToHashSet();
        foreach (var workload in Workloads())
            foreach (var env in Container(workload).Items("env"))
                if (env.Text("valueFrom", "secretKeyRef", "key") is { } key)
                {
                    Assert.Equal("rtclive-secrets", env.Text("valueFrom", "secretKeyRef", "name"));
                    Assert.Contains(key, keys);
                }
    }

    [Fact]
    public void HlsWorkerAndEdgeCache()
    {
        var hls = Named("Deployment", "hls");
        Assert.Equal("1", hls.Text("spec", "replicas"));
        Assert.DoesNotContain("PLACEHOLDER", Repo.Read("deploy/k8s/hls.yaml"));
        var container = Container(hls);
        Assert.StartsWith("rtclive/hls:", container.Text("image"));
        var env = Env(container);
        foreach (string key in env.Keys.Where(k => k.Contains("__"))) Assert.True(Repo.ServiceReads("hls", key), $"the HLS worker reads no setting {key}");
        // Unique id per pod, media from the pod's own address, the nodes' control token, viewers sent through the Ingress.
        Assert.Equal("metadata.name", env["POD_NAME"].Text("valueFrom", "fieldRef", "fieldPath"));
        Assert.Equal("$(POD_NAME)", env["RtcLive__HlsWorker__Id"].Text("value"));
        Assert.Equal("status.podIP", env["POD_IP"].Text("valueFrom", "fieldRef", "fieldPath"));
        Assert.Equal("$(POD_IP)", env["RtcLive__HlsWorker__MediaAddress"].Text("value"));
        Assert.Equal("control-token", env["RtcLive__HlsWorker__ControlToken"].Text("valueFrom", "secretKeyRef", "key"));
        Assert.Equal("redis.rtclive.svc.cluster.local:6379", env["RtcLive__Cluster__Redis"].Text("value"));
        string port = container.Items("ports").Single().Text("containerPort")!;
        Assert.Equal(port, Repo.PortOf(env["Kestrel__Endpoints__Http__Url"].Text("value")!).ToString());
        var ingress = Named("Ingress", "rtclive");
        string publicHost = new Uri(env["RtcLive__HlsWorker__PublicUrl"].Text("value")!).Host;
        var rule = ingress.Items("spec", "rules").Single(r => r.Text("host") == publicHost);
        Assert.Contains(rule.Items("http", "paths"), p => p.Text("path") == "/hls" && p.Text("backend", "service", "name") == "hls-edge");

        var edge = Named("Deployment", "hls-edge");
        Assert.Contains("proxy_cache", Named("ConfigMap", "hls-edge").Text("data", "default.conf"));
        Assert.Contains("http://hls.rtclive.svc.cluster.local:" + port, Named("ConfigMap", "hls-edge").Text("data", "default.conf"));
        Assert.NotNull(edge);
    }
}
