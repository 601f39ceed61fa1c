using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RtcLive.LoadTest.Targets;

/// <summary>
/// Janus's HTTP API (one session, many plugin handles): requests are POSTs answered at once with <c>success</c>
/// or an <c>ack</c>, and a plugin's asynchronous answer (with its JSEP) arrives on the session's long poll,
/// matched to the request by its transaction. The long poll also keeps the session alive.
/// </summary>
internal sealed class JanusClient : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private long _session;
    private Task? _poll;

    public JanusClient(Uri apiUrl)
    {
        // The long poll holds one connection; requests from many concurrent joins need the others.
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 32 }) { BaseAddress = apiUrl, Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task StartAsync(CancellationToken ct)
    {
        var created = await PostAsync("", new JsonObject { ["janus"] = "create" }, ct);
        _session = created.GetProperty("data").GetProperty("id").GetInt64();
        _poll = Task.Run(() => PollAsync(_stop.Token));
    }

    public async Task<long> AttachAsync(string plugin, CancellationToken ct)
    {
        var attached = await PostAsync($"/{_session}", new JsonObject { ["janus"] = "attach", ["plugin"] = plugin }, ct);
        return attached.GetProperty("data").GetProperty("id").GetInt64();
    }

    public Task DetachAsync(long handle, CancellationToken ct) =>
        PostAsync($"/{_session}/{handle}", new JsonObject { ["janus"] = "detach" }, ct);

    /// <summary>A plugin request answered synchronously (room create, list): returns the plugin's data.</summary>
    public async Task<JsonElement> RequestAsync(long handle, JsonObject body, CancellationToken ct)
    {
        var reply = await PostAsync($"/{_session}/{handle}", new JsonObject { ["janus"] = "message", ["body"] = body }, ct);
        return PluginData(Checked(reply));
    }

    /// <summary>A plugin request answered by an event: returns the whole event (plugin data and any JSEP).</summary>
    public async Task<JsonElement> MessageAsync(long handle, JsonObject body, JsonObject? jsep, CancellationToken ct)
    {
        string transaction = NewTransaction();
        var done = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[transaction] = done;
        try
        {
            var message = new JsonObject { ["janus"] = "message", ["body"] = body, ["transaction"] = transaction };
            if (jsep is not null) message["jsep"] = jsep;
            var reply = await PostAsync($"/{_session}/{handle}", message, ct);
            string kind = reply.GetProperty("janus").GetString() ?? "";
            if (kind == "event") return Checked(reply);
            var evt = await done.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
            return Checked(evt);
        }
        finally
        {
            _pending.TryRemove(transaction, out _);
        }
    }

    public static JsonElement PluginData(JsonElement reply) =>
        reply.TryGetProperty("plugindata", out var pd) ? pd.GetProperty("data") : default;

    private static JsonElement Checked(JsonElement evt)
    {
        var data = PluginData(evt);
        if (data.ValueKind == JsonValueKind.Object && data.TryGetProperty("error", out var error))
            throw new InvalidOperationException($"janus: {error.GetString()} ({data.GetProperty("error_code").GetInt32()})");
        return evt;
    }

    private async Task<JsonElement> PostAsync(string path, JsonObject message, CancellationToken ct)
    {
        message["transaction"] ??= NewTransaction();
        using var response = await _http.PostAsJsonAsync(_http.BaseAddress + path, message, ct);
        response.EnsureSuccessStatusCode();
        var reply = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        if (reply.GetProperty("janus").GetString() == "error")
            throw new InvalidOperationException($"janus: {reply.GetProperty("error").GetProperty("reason").GetString()}");
        return reply;
    }

    private async Task PollAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                using var response = await _http.GetAsync($"{_http.BaseAddress}/{_session}?maxev=20", ct);
                var events = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
                if (events.ValueKind == JsonValueKind.Array)
                    foreach (var evt in events.EnumerateArray()) Dispatch(evt);
                else Dispatch(events);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception)
            {
                await Task.Delay(200, ct).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private void Dispatch(JsonElement evt)
    {
        if (evt.ValueKind != JsonValueKind.Object) return;
        if (evt.TryGetProperty("transaction", out var t) && t.GetString() is { } transaction && _pending.TryGetValue(transaction, out var waiter))
            waiter.TrySetResult(evt.Clone());
    }

    private static string NewTransaction() => RandomNumberGenerator.GetHexString(12, lowercase: true);

    public async ValueTask DisposeAsync()
    {
        if (_session != 0)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await PostAsync($"/{_session}", new JsonObject { ["janus"] = "destroy" }, timeout.Token);
            }
            catch (Exception)
            {
                // Janus times the session out on its own.
            }
        }
        await _stop.CancelAsync();
        if (_poll is not null) await _poll.ContinueWith(_ => { }, TaskScheduler.Default);
        _http.Dispose();
    }
}
