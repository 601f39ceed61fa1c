using System.Text.RegularExpressions;

namespace RtcLive.Deploy.Tests;

/// <summary>
/// No image can be built here: the Dockerfiles are checked as text. Multi-stage (SDK build, ASP.NET runtime), the
/// paths they copy and publish exist, the ports they expose and set are the services' configured ones, non-root,
/// a health check on /healthz.
/// </summary>
public sealed partial class DockerfileTests
{
    public sealed record Service(string Dockerfile, string Project, string Dll);

    public static readonly Service[] Services =
    [
        new("deploy/signaling.Dockerfile", "Signaling/RtcLive.Signaling", "RtcLive.Signaling.dll"),
        new("deploy/sfu.Dockerfile", "Sfu/RtcLive.SfuNode", "RtcLive.SfuNode.dll"),
        new("deploy/hls.Dockerfile", "Relay/RtcLive.Hls.Worker", "RtcLive.Hls.Worker.dll"),
    ];

    public static TheoryData<string> Dockerfiles()
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.EnumerateFiles(Repo.PathOf("deploy"), "*.Dockerfile")) data.Add(Path.GetRelativePath(Repo.Root, file));
        return data;
    }

    /// <summary>Instructions with their continuation lines joined, comments dropped.</summary>
    public static List<(string Op, string Args)> Parse(string text)
    {
        var result = new List<(string, string)>();
        string pending = "";
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            if (pending.Length == 0 && (line.TrimStart().StartsWith('#') || line.Trim().Length == 0)) continue;
            if (line.EndsWith('\\')) { pending += line[..^1] + " "; continue; }
            string full = (pending + line).Trim();
            pending = "";
            int space = full.IndexOf(' ');
            result.Add((full[..space].ToUpperInvariant(), full[(space + 1)..].Trim()));
        }
        return result;
    }

    [Fact]
    public void EveryServiceHasADockerfile()
    {
        foreach (var service in Services) Assert.True(File.Exists(Repo.PathOf(service.Dockerfile)), service.Dockerfile);
        Assert.True(File.Exists(Repo.PathOf(".dockerignore")), ".dockerignore keeps bin/obj/node_modules out of the build context");
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void MultiStageNonRootWithHealthCheck(string dockerfile)
    {
        var steps = Parse(Repo.Read(dockerfile));
        var froms = steps.Where(s => s.Op == "FROM").ToList();
        Assert.True(froms.Count >= 2, $"{dockerfile}: multi-stage (build, then runtime)");
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0", froms[0].Args);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0", froms[^1].Args);
        int runtimeAt = steps.LastIndexOf(froms[^1]);
        var runtime = steps.GetRange(runtimeAt, steps.Count - runtimeAt); // the runtime stage: its FROM and what follows
        var user = runtime.LastOrDefault(s => s.Op == "USER");
        Assert.False(user == default, $"{dockerfile}: the runtime stage sets a USER");
        Assert.DoesNotContain(user.Args, (string[])["root", "0", "0:0"]);
        var health = runtime.SingleOrDefault(s => s.Op == "HEALTHCHECK");
        Assert.Contains("/healthz", health.Args);
        Assert.NotNull(runtime.SingleOrDefault(s => s.Op == "ENTRYPOINT").Args);
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void CopiedAndPublishedPathsExist(string dockerfile)
    {
        var steps = Parse(Repo.Read(dockerfile));
        var stages = steps.Where(s => s.Op == "FROM").Select(s => Regex.Match(s.Args, @"\bAS\s+(\S+)", RegexOptions.IgnoreCase).Groups[1].Value).ToHashSet();
        int copies = 0;
        foreach (var (op, args) in steps.Where(s => s.Op is "COPY" or "ADD"))
        {
            var words = args.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Any(w => w.StartsWith("--from=", StringComparison.Ordinal)))
            {
                string from = words.First(w => w.StartsWith("--from=", StringComparison.Ordinal))["--from=".Length..];
                Assert.True(stages.Contains(from), $"{dockerfile}: COPY --from={from} names no stage");
                continue;
            }
            var sources = words.Where(w => !w.StartsWith("--", StringComparison.Ordinal)).SkipLast(1);
            foreach (string source in sources)
            {
                copies++;
                Assert.True(File.Exists(Repo.PathOf(source)) || Directory.Exists(Repo.PathOf(source)), $"{dockerfile}: {op} {source}: no such path in the repository");
            }
        }
        Assert.True(copies > 0);
        foreach (var (_, args) in steps.Where(s => s.Op == "RUN"))
            foreach (Match m in Regex.Matches(args, @"dotnet (?:publish|restore|build) (\S+\.csproj)"))
                Assert.True(File.Exists(Repo.PathOf(m.Groups[1].Value)), $"{dockerfile}: {m.Groups[1].Value} does not exist");
        foreach (Match m in Regex.Matches(Repo.Read(dockerfile), @"COPY (web-client/\S+)"))
            Assert.True(File.Exists(Repo.PathOf(m.Groups[1].Value)) || Directory.Exists(Repo.PathOf(m.Groups[1].Value)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void PortsMatchTheServicesConfiguration(int index)
    {
        var service = Services[index];
        var steps = Parse(Repo.Read(service.Dockerfile));
        var settings = Repo.AppSettings(service.Project);
        int http = Repo.PortOf((string)settings["Kestrel"]!["Endpoints"]!["Http"]!["Url"]!);
        int media = Repo.PortOf((string)settings["RtcLive"]!["Media"]!["Bind"]!);

        var env = new Dictionary<string, string>();
        foreach (var (_, args) in steps.Where(s => s.Op == "ENV"))
            foreach (Match m in Regex.Matches(args, @"(\S+?)=(\S+)")) env[m.Groups[1].Value] = m.Groups[2].Value;
        Assert.Equal(http, Repo.PortOf(env["Kestrel__Endpoints__Http__Url"]));
        Assert.StartsWith("http://0.0.0.0:", env["Kestrel__Endpoints__Http__Url"]);
        Assert.Equal(media, Repo.PortOf(env["RtcLive__Media__Bind"]));
        Assert.Equal("true", env["RtcLive__Logging__Json"]);
        // Both images host an SFU node: the same gen0 budget as the scripts start it with (README, Memory per subscriber).
        var scriptGc = Regex.Match(Repo.Read("scripts/lib.sh"), @"sfu_gc_env=\(DOTNET_GCgen0size=(\S+?)\)");
        Assert.True(scriptGc.Success, "scripts/lib.sh names no sfu_gc_env");
        Assert.Equal(scriptGc.Groups[1].Value, env["DOTNET_GCgen0size"]);
        string kind = index == 0 ? "signaling" : "sfu";
        foreach (string name in env.Keys.Where(k => k.StartsWith("RtcLive__", StringComparison.Ordinal) || k.StartsWith("Kestrel__", StringComparison.Ordinal)))
            Assert.True(Repo.ServiceReads(kind, name), $"{service.Dockerfile}: {kind} reads no setting {name}");

        var exposed = steps.Where(s => s.Op == "EXPOSE").SelectMany(s => s.Args.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet();
        Assert.Contains($"{http}", exposed);
        Assert.Contains($"{media}/udp", exposed);
        Assert.Contains($"{media}/tcp", exposed); // ICE-TCP: the same number as the UDP media port unless RtcLive:Media:Tcp:Bind says otherwise
        Assert.Contains($"127.0.0.1/{http}", steps.Single(s => s.Op == "HEALTHCHECK").Args);
        Assert.Contains(service.Dll, steps.Last(s => s.Op == "ENTRYPOINT").Args);
        Assert.Contains($"dotnet publish {service.Project}/{Path.GetFileName(service.Project)}.csproj", string.Join('\n', steps.Select(s => s.Args)));
    }

    /// <summary>A project the published one references (however deep) but the build stage never copied fails the image build.</summary>
    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void EveryProjectThePublishedOnesReferenceIsCopied(string dockerfile)
    {
        var steps = Parse(Repo.Read(dockerfile));
        var copied = steps.Where(s => s.Op == "COPY" && !s.Args.StartsWith("--from", StringComparison.Ordinal))
            .Select(s => s.Args.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0].TrimEnd('/')).ToList();
        var published = steps.Where(s => s.Op == "RUN").SelectMany(s => Regex.Matches(s.Args, @"dotnet publish (\S+\.csproj)").Select(m => m.Groups[1].Value)).ToList();
        Assert.NotEmpty(published);
        foreach (string project in published)
            foreach (string needed in ProjectClosure(project))
            {
                string folder = Path.GetDirectoryName(needed)!.Replace('\\', '/');
                Assert.True(copied.Contains(needed) && copied.Contains(folder),
                    $"{dockerfile}: {project} needs {needed}, but the build stage does not copy {(copied.Contains(needed) ? folder + "/" : needed)}");
            }
    }

    /// <summary>The project and every project it references, transitively, as repository paths.</summary>
    private static HashSet<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out string? next))
        {
            if (!seen.Add(next)) continue;
            string folder = Path.GetDirectoryName(next)!;
            foreach (Match m in Regex.Matches(Repo.Read(next), @"<ProjectReference Include=""([^""]+)"""))
            {
                string full = Path.GetFullPath(Path.Combine(Repo.PathOf(folder), m.Groups[1].Value.Replace('\\', '/')));
                pending.Push(Path.GetRelativePath(Repo.Root, full).Replace('\\', '/'));
            }
        }
        return seen;
    }

    [Fact]
    public void TheHlsWorkerImageHasFfmpegAndItsPortMatchesTheWorkersConfiguration()
    {
        var service = Services[2];
        var steps = Parse(Repo.Read(service.Dockerfile));
        int http = Repo.PortOf((string)Repo.AppSettings(service.Project)["Kestrel"]!["Endpoints"]!["Http"]!["Url"]!);
        var env = new Dictionary<string, string>();
        foreach (var (_, args) in steps.Where(s => s.Op == "ENV"))
            foreach (Match m in Regex.Matches(args, @"(\S+?)=(\S+)")) env[m.Groups[1].Value] = m.Groups[2].Value;
        Assert.Equal(http, Repo.PortOf(env["Kestrel__Endpoints__Http__Url"]));
        Assert.StartsWith("http://0.0.0.0:", env["Kestrel__Endpoints__Http__Url"]);
        Assert.Equal("true", env["RtcLive__Logging__Json"]);
        foreach (string name in env.Keys.Where(k => k.StartsWith("RtcLive__", StringComparison.Ordinal) || k.StartsWith("Kestrel__", StringComparison.Ordinal)))
            Assert.True(Repo.ServiceReads("hls", name), $"{service.Dockerfile}: the HLS worker reads no setting {name}");
        Assert.Contains($"{http}", steps.Where(s => s.Op == "EXPOSE").SelectMany(s => s.Args.Split(' ')));
        Assert.Contains($"127.0.0.1/{http}", steps.Single(s => s.Op == "HEALTHCHECK").Args);
        Assert.Contains(service.Dll, steps.Last(s => s.Op == "ENTRYPOINT").Args);
        // ffmpeg in the runtime stage (after its FROM), installed before the image drops to its non-root user.
        int runtime = steps.FindLastIndex(s => s.Op == "FROM");
        int ffmpeg = steps.FindIndex(runtime, s => s.Op == "RUN" && s.Args.Contains("apt-get install") && s.Args.Contains("ffmpeg"));
        Assert.True(ffmpeg > runtime && ffmpeg < steps.FindLastIndex(s => s.Op == "USER"), "the runtime stage installs ffmpeg as root");
    }

    [Fact]
    public void TheSfuImageCarriesTheCliForItsPreStopDrain()
    {
        string text = Repo.Read("deploy/sfu.Dockerfile");
        Assert.Contains("dotnet publish Signaling/RtcLive.Cli/RtcLive.Cli.csproj -c Release -o /app/cli", text);
    }
}
