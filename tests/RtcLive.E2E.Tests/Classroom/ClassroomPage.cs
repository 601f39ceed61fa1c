using System.Text.Json;
using Microsoft.Playwright;
using RtcLive.E2E.Tests.Browser;

namespace RtcLive.E2E.Tests.Classroom;

/// <summary>
/// One tab of the web client, driven only through its automation contract (<c>window.rtclive</c>) as tests
/// outside the repository drive it: a URL with the settings, the <c>state</c> property, <c>stats()</c> and
/// <c>setLayer()</c>.
/// </summary>
public sealed class ClassroomPage(IPage page, string name)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public IPage Page => page;

    public string Name => name;

    public static string UrlFor(string baseUrl, string room, string name, string role, string extra = "") =>
        $"{baseUrl}/?room={Uri.EscapeDataString(room)}&name={Uri.EscapeDataString(name)}&role={role}&autojoin=1{extra}";

    /// <param name="initScript">Runs in the page before its own scripts (tests change what the page's network does).</param>
    public static async Task<ClassroomPage> OpenAsync(ChromiumHost chromium, string baseUrl, string room, string name, string role, string extra = "",
        string? initScript = null)
    {
        var page = await chromium.NewPageAsync();
        if (initScript is not null) await page.AddInitScriptAsync(initScript);
        page.PageError += (_, error) => Console.WriteLine($"[{name}] page error: {error}");
        await page.GotoAsync(UrlFor(baseUrl, room, name, role, extra));
        return new ClassroomPage(page, name);
    }

    public Task<string> StateAsync() => page.EvaluateAsync<string>("() => window.rtclive ? window.rtclive.state : 'no window.rtclive'");

    public async Task<ClassroomStats> StatsAsync() =>
        (await page.EvaluateAsync<JsonElement>("() => window.rtclive.stats()")).Deserialize<ClassroomStats>(Json)!;

    public Task SetLayerAsync(string layer) => page.EvaluateAsync("layer => window.rtclive.setLayer(layer)", layer);

    /// <summary>Runs a script that returns a Promise; gives the rejection's Error message, or null when it resolved.</summary>
    public Task<string?> RejectionOfAsync(string script, object? arg = null) =>
        page.EvaluateAsync<string?>($$"""
            async (arg) => {
              try { await ({{script}})(arg); return null; }
              catch (e) { return e instanceof Error ? 'Error: ' + e.message : 'not an Error: ' + String(e); }
            }
            """, arg);

    public async Task<string> WaitForStateAsync(string state, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        string current = await StateAsync();
        while (current != state && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            current = await StateAsync();
        }
        return current;
    }

    public async Task<ClassroomStats> WaitForStatsAsync(Func<ClassroomStats, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var stats = await StatsAsync();
        while (!done(stats) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            stats = await StatsAsync();
        }
        return stats;
    }

    public async Task<string> MessageAsync() => await page.TextContentAsync("#message") ?? "";

    /// <summary>Calls <c>window.rtclive[method](...args)</c> and waits for its Promise; a rejection throws with the Error's message.</summary>
    public Task CallAsync(string method, params object[] args) =>
        page.EvaluateAsync("([method, args]) => window.rtclive[method](...args).then(() => null)", new object[] { method, args });

    /// <summary>Like <see cref="CallAsync"/>, but gives the rejection's message (<c>Error: …</c>) or null when it resolved.</summary>
    public Task<string?> RejectionOfCallAsync(string method, params object[] args) =>
        RejectionOfAsync("([method, args]) => window.rtclive[method](...args)", new object[] { method, args });

    public async Task<IReadOnlyList<ClassroomParticipant>> ParticipantsAsync() =>
        (await page.EvaluateAsync<JsonElement>("() => window.rtclive.participants()")).Deserialize<List<ClassroomParticipant>>(Json)!;

    public async Task<IReadOnlyList<ClassroomMessage>> MessagesAsync() =>
        (await page.EvaluateAsync<JsonElement>("() => window.rtclive.messages()")).Deserialize<List<ClassroomMessage>>(Json)!;

    /// <summary>Polls <paramref name="read"/> until <paramref name="done"/> holds or the time is up; returns the last reading.</summary>
    public static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var value = await read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            value = await read();
        }
        return value;
    }
}

/// <summary>One entry of <c>window.rtclive.participants()</c>; <paramref name="Hls"/>: watching over HLS.</summary>
public sealed record ClassroomParticipant(string Name, string Role, bool HandRaised, bool Publishing, bool Hls = false);

/// <summary>One entry of <c>window.rtclive.messages()</c>.</summary>
public sealed record ClassroomMessage(string From, string Text, long At);

/// <summary><c>window.rtclive.stats()</c>, as the automation contract defines it.</summary>
public sealed record ClassroomStats(
    long FramesDecoded,
    long FramesSent,
    long BytesReceived,
    long BytesSent,
    string? Layer,
    long PacketsLost,
    double? RttMs,
    double? GlassToGlassMs,
    string? Node,
    IReadOnlyList<ClassroomTrackStats> Tracks,
    ClassroomCandidatePair? CandidatePair = null)
{
    public long AudioPacketsReceived => Tracks.Where(t => t.Kind == "audio").Sum(t => t.PacketsReceived);

    public override string ToString() => JsonSerializer.Serialize(this);
}

/// <summary>The selected ICE candidate pair of the page's receiving connection (<c>stats().candidatePair</c>).</summary>
public sealed record ClassroomCandidatePair(ClassroomCandidate Local, ClassroomCandidate Remote);

public sealed record ClassroomCandidate(string CandidateType, string Protocol, string? RelayProtocol);

public sealed record ClassroomTrackStats(string From, string Source, string Kind, long FramesDecoded, long PacketsReceived);
