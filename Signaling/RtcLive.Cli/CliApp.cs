using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace RtcLive.Cli;

/// <summary>
/// <c>rtclive</c>, the operator CLI: <c>nodes</c>, <c>rooms</c>, <c>links</c>, <c>drain NODE</c>,
/// <c>token --room R --role ROLE --name N</c>, <c>health</c>, over signaling's admin API. Tables go to the
/// console; <c>--json</c> writes the API's answer instead; errors go to stderr with an exit code per kind
/// (<see cref="ExitCodes"/>).
/// </summary>
public static class CliApp
{
    public const string ServerVariable = "RTCLIVE_SERVER";
    public const string TokenVariable = "RTCLIVE_ADMIN_TOKEN";
    public const string DefaultServer = "http://127.0.0.1:8080";

    /// <param name="console">Tables and status lines.</param>
    /// <param name="output">Plain output meant for scripts (the token, <c>--json</c>).</param>
    /// <param name="error">Errors.</param>
    /// <param name="handler">For tests; the default is a plain socket handler.</param>
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, TextWriter output, TextWriter error,
        HttpMessageHandler? handler = null, CancellationToken ct = default)
    {
        var server = new Option<string>("--server", "-s")
        {
            Description = $"signaling's base URL (env {ServerVariable}; default {DefaultServer})",
            Recursive = true,
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } env ? env : DefaultServer,
        };
        var adminToken = new Option<string?>("--admin-token")
        {
            Description = $"signaling's RtcLive:Auth:AdminToken (env {TokenVariable})",
            Recursive = true,
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(TokenVariable),
        };
        var json = new Option<bool>("--json") { Description = "print the admin API's JSON instead of a table", Recursive = true };
        var timeout = new Option<double>("--timeout") { Description = "seconds to wait for signaling", Recursive = true, DefaultValueFactory = _ => 10 };

        var root = new RootCommand("rtclive: operate an RtcLive cluster through signaling's admin API");
        root.Options.Add(server);
        root.Options.Add(adminToken);
        root.Options.Add(json);
        root.Options.Add(timeout);

        AdminClient Client(ParseResult p, out HttpClient http)
        {
            string url = p.GetValue(server) ?? DefaultServer;
            if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
                throw new CliException($"--server must be an http(s) URL, not '{url}'", ExitCodes.Usage);
            http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
            http.Timeout = TimeSpan.FromSeconds(Math.Max(0.1, p.GetValue(timeout)));
            return new AdminClient(http, uri, p.GetValue(adminToken));
        }

        void Action(Command command, Func<ParseResult, AdminClient, CancellationToken, Task<int>> run) =>
            command.SetAction(async (p, token) =>
            {
                try
                {
                    var client = Client(p, out var http);
                    using (http) return await run(p, client, token);
                }
                catch (CliException ex)
                {
                    error.WriteLine("rtclive: " + ex.Message);
                    return ex.ExitCode;
                }
            });

        void WriteJson<T>(T value) => output.WriteLine(JsonSerializer.Serialize(value, new JsonSerializerOptions(AdminClient.Json) { WriteIndented = true }));

        var nodes = new Command("nodes", "the cluster's live nodes: region, state (active, draining), load");
        Action(nodes, async (p, client, token) =>
        {
            var view = await client.ClusterAsync(token);
            if (p.GetValue(json)) { WriteJson(view.Nodes); return ExitCodes.Ok; }
            var table = new Table().AddColumns("node", "kind", "region", "state", "participants", "tracks", "cpu", "bitrate");
            foreach (var n in view.Nodes.OrderBy(n => n.Region, StringComparer.Ordinal).ThenBy(n => n.Id, StringComparer.Ordinal))
                table.AddRow(Markup.Escape(n.Id), Markup.Escape(n.Kind), Markup.Escape(n.Region),
                    n.State == "active" ? "[green]active[/]" : $"[yellow]{Markup.Escape(n.State)}[/]",
                    n.Participants.ToString(CultureInfo.InvariantCulture), n.Tracks.ToString(CultureInfo.InvariantCulture),
                    n.Load.Cpu.ToString("P0", CultureInfo.InvariantCulture), Bitrate(n.Load.Bitrate));
            console.Write(table);
            console.MarkupLine($"{view.Nodes.Count} node(s) at {Markup.Escape(client.Server.ToString())}");
            foreach (var s in (view.Signaling ?? []).OrderBy(s => s.Region, StringComparer.Ordinal).ThenBy(s => s.Id, StringComparer.Ordinal))
                console.MarkupLine($"signaling {Markup.Escape(s.Id)} ({Markup.Escape(s.Region)}) at {Markup.Escape(s.Url.Length > 0 ? s.Url : "no public URL")}");
            return ExitCodes.Ok;
        });

        var rooms = new Command("rooms", "rooms the nodes carry: on which nodes, publishers, tracks, relay links");
        Action(rooms, async (p, client, token) =>
        {
            var list = await client.RoomsAsync(token);
            if (p.GetValue(json)) { WriteJson(list); return ExitCodes.Ok; }
            var table = new Table().AddColumns("room", "nodes", "publishers", "tracks", "links");
            foreach (var r in list)
                table.AddRow(Markup.Escape(r.Room), Markup.Escape(string.Join(", ", r.Nodes)), r.Publishers.ToString(CultureInfo.InvariantCulture),
                    r.Tracks.ToString(CultureInfo.InvariantCulture), r.Links.ToString(CultureInfo.InvariantCulture));
            console.Write(table);
            console.MarkupLine($"{list.Count} room(s)");
            return ExitCodes.Ok;
        });

        var links = new Command("links", "relay links: which node pulls which room from which");
        Action(links, async (p, client, token) =>
        {
            var view = await client.ClusterAsync(token);
            if (p.GetValue(json)) { WriteJson(view.Links); return ExitCodes.Ok; }
            var table = new Table().AddColumns("room", "from", "to");
            foreach (var l in view.Links) table.AddRow(Markup.Escape(l.Room), Markup.Escape(l.From), Markup.Escape(l.To));
            console.Write(table);
            console.MarkupLine($"{view.Links.Count} link(s)");
            return ExitCodes.Ok;
        });

        var nodeArgument = new Argument<string>("node") { Description = "the node's id (see rtclive nodes)" };
        var deadline = new Option<double>("--deadline") { Description = "seconds before the node's participants are moved", DefaultValueFactory = _ => 30 };
        var drain = new Command("drain", "drain a node before maintenance: it takes no one new, and its participants are moved at the deadline");
        drain.Arguments.Add(nodeArgument);
        drain.Options.Add(deadline);
        Action(drain, async (p, client, token) =>
        {
            double seconds = p.GetValue(deadline);
            if (seconds < 0) throw new CliException("--deadline must not be negative", ExitCodes.Usage);
            var result = await client.DrainAsync(p.GetValue(nodeArgument)!, seconds, token);
            if (p.GetValue(json)) { WriteJson(result); return ExitCodes.Ok; }
            console.MarkupLine($"node [bold]{Markup.Escape(result.Node)}[/] is [yellow]{Markup.Escape(result.State)}[/]: it takes no one new; " +
                $"its participants move in {result.DeadlineSeconds.ToString(CultureInfo.InvariantCulture)} s. Stop it once it is empty.");
            return ExitCodes.Ok;
        });

        var room = new Option<string>("--room") { Description = "the room the token admits to", Required = true };
        var role = new Option<string>("--role") { Description = "presenter, speaker, viewer or moderator", Required = true };
        var name = new Option<string>("--name") { Description = "the name shown to others", Required = true };
        var identity = new Option<string?>("--identity") { Description = "the identity (sub), unique in the room; default: the name" };
        var lifetime = new Option<double?>("--lifetime") { Description = "seconds the token is valid; default: signaling's RtcLive:Auth:DefaultLifetime" };
        var tokenCommand = new Command("token", "issue a room token (printed alone on stdout, for scripts)");
        foreach (var option in (Option[])[room, role, name, identity, lifetime]) tokenCommand.Options.Add(option);
        Action(tokenCommand, async (p, client, token) =>
        {
            var issued = await client.TokenAsync(new TokenRequest(p.GetValue(room)!, p.GetValue(name)!, p.GetValue(role)!, p.GetValue(identity), p.GetValue(lifetime)), token);
            if (p.GetValue(json)) { WriteJson(issued); return ExitCodes.Ok; }
            output.WriteLine(issued.Token);
            error.WriteLine($"token for {issued.Identity} as {issued.Role} in room {issued.Room}, valid until {issued.ExpiresAt:u}");
            return ExitCodes.Ok;
        });

        var health = new Command("health", "is signaling alive and ready, and which nodes can take work; exit code 1 when not");
        Action(health, async (p, client, token) =>
        {
            var (alive, _) = await client.ProbeAsync("healthz", token);
            var (ready, readyBody) = await client.ProbeAsync("readyz", token);
            var view = await client.ClusterAsync(token);
            int active = view.Nodes.Count(n => n.Kind == "sfu" && n.State == "active");
            int draining = view.Nodes.Count(n => n.State != "active");
            bool ok = alive == 200 && ready == 200 && active > 0;
            if (p.GetValue(json))
            {
                WriteJson(new { server = client.Server.ToString(), alive = alive == 200, ready = ready == 200, activeNodes = active, drainingNodes = draining, ok });
                return ok ? ExitCodes.Ok : ExitCodes.Failed;
            }
            var table = new Table().AddColumns("check", "result");
            table.AddRow("signaling /healthz", alive == 200 ? "[green]ok[/]" : $"[red]{alive}[/]");
            table.AddRow("signaling /readyz", ready == 200 ? "[green]ready[/]" : $"[red]{ready} {Markup.Escape(readyBody)}[/]");
            table.AddRow("active SFU nodes", active > 0 ? $"[green]{active}[/]" : "[red]0[/]");
            table.AddRow("draining nodes", draining.ToString(CultureInfo.InvariantCulture));
            foreach (var region in view.Nodes.Where(n => n.Kind == "sfu").GroupBy(n => n.Region).OrderBy(g => g.Key, StringComparer.Ordinal))
                table.AddRow($"region {Markup.Escape(region.Key)}",
                    $"{region.Count(n => n.State == "active")} active, {region.Sum(n => n.Participants)} participants");
            console.Write(table);
            console.MarkupLine(ok ? "[green]healthy[/]" : "[red]not healthy[/]");
            return ok ? ExitCodes.Ok : ExitCodes.Failed;
        });

        foreach (var command in (Command[])[nodes, rooms, links, drain, tokenCommand, health]) root.Subcommands.Add(command);
        var parsed = root.Parse(args);
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, ct);
    }

    private static string Bitrate(long bitsPerSecond) => bitsPerSecond switch
    {
        >= 1_000_000 => (bitsPerSecond / 1e6).ToString("F1", CultureInfo.InvariantCulture) + " Mbit/s",
        >= 1_000 => (bitsPerSecond / 1e3).ToString("F0", CultureInfo.InvariantCulture) + " kbit/s",
        _ => bitsPerSecond.ToString(CultureInfo.InvariantCulture) + " bit/s",
    };
}
