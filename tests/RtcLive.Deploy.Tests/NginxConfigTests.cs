using System.Diagnostics;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace RtcLive.Deploy.Tests;

/// <summary>
/// Every nginx configuration under deploy/ (the files in deploy/nginx and the ones Kubernetes ConfigMaps carry) passes
/// <c>nginx -t</c> with Debian's nginx, included in the http context as the nginx images' conf.d is. The check runs in
/// a private mount namespace: the hosts the configurations name (compose services, cluster DNS names) resolve to
/// loopback through a hosts file mounted there, and cache paths are created on a tmpfs, so the machine is untouched.
/// </summary>
public sealed partial class NginxConfigTests
{
    public static TheoryData<string> Configs()
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.EnumerateFiles(Repo.PathOf("deploy"), "*.conf", SearchOption.AllDirectories).Order())
            if (IsNginx(File.ReadAllText(file))) data.Add(Path.GetRelativePath(Repo.Root, file));
        foreach (var (file, key, _) in ConfigMapConfs()) data.Add($"{file}#{key}");
        return data;
    }

    /// <summary>Logstash's pipeline is a .conf too; nginx's have server or upstream blocks.</summary>
    private static bool IsNginx(string text) => ServerOrUpstream().IsMatch(text);

    [GeneratedRegex(@"^\s*(server|upstream\s+\S+)\s*\{", RegexOptions.Multiline)]
    private static partial Regex ServerOrUpstream();

    private static IEnumerable<(string File, string Key, string Text)> ConfigMapConfs()
    {
        foreach (string file in Directory.EnumerateFiles(Repo.PathOf("deploy/k8s"), "*.yaml").Order())
            foreach (var doc in Repo.YamlDocuments(file))
            {
                if (doc.Text("kind") != "ConfigMap") continue;
                foreach (var (key, value) in doc.Entries("data"))
                    if (key.EndsWith(".conf", StringComparison.Ordinal) && value is YamlScalarNode { Value: { } text } && IsNginx(text))
                        yield return (Path.GetRelativePath(Repo.Root, file), key, text);
            }
    }

    [Fact]
    public void TheConfigsToCheckAreFound()
    {
        var found = ((IEnumerable<object[]>)Configs()).Select(row => (string)row[0]).ToList();
        foreach (string expected in (string[])["deploy/nginx/lb.conf", "deploy/nginx/hls-edge.conf", "deploy/nginx/hls-cache.conf", "deploy/k8s/hls.yaml#default.conf"])
            Assert.Contains(expected, found);
        Assert.DoesNotContain(found, f => f.Contains("logstash", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public async Task PassesNginxTest(string config)
    {
        string nginx = File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx"
            : throw new InvalidOperationException("nginx is missing: ./test.sh installs it (apt-get install nginx)");
        string text = config.Contains('#')
            ? ConfigMapConfs().Single(c => $"{c.File}#{c.Key}" == config).Text
            : Repo.Read(config);

        string dir = Path.Combine(Path.GetTempPath(), $"rtclive-nginx-test-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            string site = Path.Combine(dir, "site.conf");
            await File.WriteAllTextAsync(site, text);
            string main = Path.Combine(dir, "nginx.conf");
            await File.WriteAllTextAsync(main, $$"""
                pid {{dir}}/nginx.pid;
                error_log {{dir}}/error.log;
                events {}
                http {
                    include /etc/nginx/mime.types;
                    include {{site}};
                }
                """);
            string hosts = Path.Combine(dir, "hosts");
            await File.WriteAllLinesAsync(hosts, ["127.0.0.1 localhost", .. HostsNamedIn(text).Select(h => $"127.0.0.1 {h}")]);

            // Root (CI) makes a mount namespace directly; anyone else gets one inside a user namespace.
            var start = new ProcessStartInfo("unshare") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string arg in (string[])[.. Environment.UserName == "root" ? ["-m"] : (string[])["-r", "-m"], "sh", "-c",
                         "mount -t tmpfs tmpfs /var/cache && mkdir -p /var/cache/nginx && mount --bind \"$1\" /etc/hosts && exec \"$2\" -t -c \"$3\" -p \"$4\"", "nginx-test",
                         hosts, nginx, main, dir + "/"])
                start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            string error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            await output;
            Assert.True(process.ExitCode == 0, $"nginx -t failed for {config}:\n{error}");
            Assert.Contains("test is successful", error);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Names nginx resolves when it loads the config: upstream servers and literal proxy_pass hosts.</summary>
    private static IEnumerable<string> HostsNamedIn(string config)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Match m in UpstreamServer().Matches(config)) names.Add(m.Groups[1].Value);
        foreach (Match m in ProxyPassHost().Matches(config)) names.Add(m.Groups[1].Value);
        names.RemoveWhere(n => System.Net.IPAddress.TryParse(n, out _) || n == "localhost");
        return names;
    }

    [GeneratedRegex(@"^\s*server\s+([A-Za-z0-9.-]+)(:\d+)?[\s;]", RegexOptions.Multiline)]
    private static partial Regex UpstreamServer();

    [GeneratedRegex(@"proxy_pass\s+https?://([A-Za-z0-9.-]+)")]
    private static partial Regex ProxyPassHost();
}
