using System.Text.Json.Nodes;
using RtcLive.Cli;
using Spectre.Console;

namespace RtcLive.Deploy.Tests;

/// <summary>The operator CLI against the local cluster's signaling: list, token, drain, health, and its errors.</summary>
[Collection(LocalClusterCollection.Name)]
public sealed class CliTests(LocalClusterFixture cluster)
{
    private sealed record Run(int Code, string Console, string Output, string Error);

    private async Task<Run> RtcLiveAsync(params string[] args)
    {
        var console = new StringWriter();
        var output = new StringWriter();
        var error = new StringWriter();
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(console),
            Interactive = InteractionSupport.No,
        });
        ansi.Profile.Width = 200;
        int code = await CliApp.RunAsync(args, ansi, output, error);
        return new Run(code, console.ToString(), output.ToString(), error.ToString());
    }

    private string[] Admin(params string[] args) => [.. args, "--server", cluster.SignalingUrl, "--admin-token", LocalClusterFixture.AdminToken];

    [Fact]
    public async Task DrainsANodeAndListsItAsDraining()
    {
        var before = await RtcLiveAsync(Admin("nodes"));
        Assert.True(before.Code == 0, before.Error);
        Assert.Matches(@"eu-1\s+│\s+sfu\s+│\s+eu\s+│\s+active", before.Console);

        var health = await RtcLiveAsync(Admin("health"));
        Assert.True(health.Code == 0, health.Error + health.Console);
        Assert.Contains("healthy", health.Console);

        var drain = await RtcLiveAsync(Admin("drain", "eu-1", "--deadline", "300"));
        Assert.True(drain.Code == 0, drain.Error);
        Assert.Contains("eu-1", drain.Console);
        Assert.Contains("draining", drain.Console);

        // The registry shows it at the node's next heartbeat (every second).
        Run after = await RtcLiveAsync(Admin("nodes"));
        for (int i = 0; i < 50 && !after.Console.Contains("draining"); i++)
        {
            await Task.Delay(100);
            after = await RtcLiveAsync(Admin("nodes"));
        }
        Assert.Matches(@"eu-1\s+│\s+sfu\s+│\s+eu\s+│\s+draining", after.Console);
        var json = await RtcLiveAsync(Admin("nodes", "--json"));
        var node = JsonNode.Parse(json.Output)!.AsArray().Single(n => (string)n!["id"]! == "eu-1")!;
        Assert.Equal("draining", (string)node["state"]!);
        // The node itself stops taking work: Kubernetes' readiness follows.
        using var ready = await cluster.Http.GetAsync(cluster.NodeUrl + "/readyz");
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, ready.StatusCode);

        var unhealthy = await RtcLiveAsync(Admin("health"));
        Assert.Equal(ExitCodes.Failed, unhealthy.Code);
        Assert.Contains("not healthy", unhealthy.Console);

        var unknown = await RtcLiveAsync(Admin("drain", "nowhere-9"));
        Assert.Equal(ExitCodes.Failed, unknown.Code);
        Assert.Contains("no live node 'nowhere-9'", unknown.Error);
    }

    [Fact]
    public async Task IssuesATokenSignalingAccepts()
    {
        var run = await RtcLiveAsync(Admin("token", "--room", "physics", "--role", "presenter", "--name", "alice"));
        Assert.True(run.Code == 0, run.Error);
        string token = run.Output.Trim();
        Assert.Equal(3, token.Split('.').Length);
        Assert.Contains("alice as presenter in room physics", run.Error);
        var claims = JsonNode.Parse(Base64Url(token.Split('.')[1]))!;
        Assert.Equal("physics", (string)claims["room"]!);
        Assert.Equal("presenter", (string)claims["role"]!);

        var bad = await RtcLiveAsync(Admin("token", "--room", "physics", "--role", "janitor", "--name", "alice"));
        Assert.Equal(ExitCodes.Failed, bad.Code);
        Assert.Contains("role must be one of", bad.Error);
        var missing = await RtcLiveAsync(Admin("token", "--room", "physics"));
        Assert.NotEqual(0, missing.Code);
        Assert.Contains("--role", missing.Error);
    }

    private static string Base64Url(string s)
    {
        s = s.Replace('-', '+').Replace('_', '/');
        return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '=')));
    }

    [Fact]
    public async Task RoomsAndLinksListWhatTheNodesCarry()
    {
        var rooms = await RtcLiveAsync(Admin("rooms"));
        Assert.True(rooms.Code == 0, rooms.Error);
        Assert.Contains("room(s)", rooms.Console);
        var json = await RtcLiveAsync(Admin("rooms", "--json"));
        Assert.NotNull(JsonNode.Parse(json.Output)!.AsArray());
        var links = await RtcLiveAsync(Admin("links"));
        Assert.True(links.Code == 0, links.Error);
        Assert.Contains("link(s)", links.Console);
    }

    [Fact]
    public async Task SaysClearlyWhatIsWrong()
    {
        var noToken = await RtcLiveAsync("nodes", "--server", cluster.SignalingUrl);
        Assert.Equal(ExitCodes.Unauthorized, noToken.Code);
        Assert.Contains("no admin token given", noToken.Error);
        Assert.Contains("RTCLIVE_ADMIN_TOKEN", noToken.Error);

        var wrong = await RtcLiveAsync("drain", "eu-1", "--server", cluster.SignalingUrl, "--admin-token", "wrong");
        Assert.Equal(ExitCodes.Unauthorized, wrong.Code);
        Assert.Contains("the admin token was refused", wrong.Error);
        Assert.DoesNotContain(LocalClusterFixture.AdminToken, wrong.Error);

        var nobody = await RtcLiveAsync("nodes", "--server", "http://127.0.0.1:9", "--admin-token", "x");
        Assert.Equal(ExitCodes.Unreachable, nobody.Code);
        Assert.Contains("cannot reach signaling at http://127.0.0.1:9/", nobody.Error);

        var badUrl = await RtcLiveAsync("nodes", "--server", "ftp://x");
        Assert.Equal(ExitCodes.Usage, badUrl.Code);
    }
}
