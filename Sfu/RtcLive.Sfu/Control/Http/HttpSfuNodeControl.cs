using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace RtcLive.Sfu.Control.Http;

/// <summary>
/// The control API of a node in another process, over HTTP (cluster mode): every call is one request to the
/// node's <see cref="SfuControlPaths"/>, refusals come back as the node's own <see cref="SfuControlException"/>,
/// and a node that cannot be reached is <see cref="SfuControlError.Unavailable"/>. Events arrive over one
/// long-lived stream that is reopened whenever it drops; events raised while it is down are lost (and logged),
/// which is why a client that loses its node reconnects through signaling rather than waiting for them.
/// </summary>
public sealed class HttpSfuNodeControl : ISfuNodeControl, IAsyncDisposable
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(2);

    private readonly HttpSfuNodeControlOptions _options;
    private readonly ILogger _logger;
    private readonly HttpClient _calls;
    private readonly HttpClient _events;
    private readonly CancellationTokenSource _stop = new();
    private Task? _eventLoop;
    private string? _nodeId;
    private volatile bool _eventsFlowing;
    private int _disposed;

    public HttpSfuNodeControl(HttpSfuNodeControlOptions options, ILogger<HttpSfuNodeControl>? logger = null)
    {
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _calls = CreateClient(options, options.CallTimeout);
        _events = CreateClient(options, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The node's id, learned by <see cref="ConnectAsync"/>.</summary>
    public string NodeId => _nodeId ?? throw new InvalidOperationException("the node's control API is not connected yet");

    /// <summary>True while the event stream is open: calls may work without it, but their events would be lost.</summary>
    public bool IsConnected => _eventsFlowing;

    public Uri BaseAddress => _options.BaseAddress;

    public event Action<SfuControlEvent>? Events;

    /// <summary>The event stream opened (true) or dropped (false): a node killed outright is noticed here first.</summary>
    public event Action<bool>? EventStreamChanged;

    /// <summary>A client already connected (<see cref="ConnectAsync"/>); one that fails to connect is disposed, not returned.</summary>
    public static async Task<HttpSfuNodeControl> OpenAsync(HttpSfuNodeControlOptions options, ILogger<HttpSfuNodeControl>? logger,
        CancellationToken ct)
    {
        var control = new HttpSfuNodeControl(options, logger);
        try
        {
            await control.ConnectAsync(ct);
            return control;
        }
        catch
        {
            await control.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Learns the node's id and opens the event stream; returns once the node has subscribed this client, so no
    /// event of a call made afterwards is missed.
    /// </summary>
    public async Task ConnectAsync(CancellationToken ct)
    {
        var status = await GetStatusAsync(ct);
        _nodeId = status.NodeId;
        var stream = await OpenEventsAsync(ct);
        _eventsFlowing = true;
        _eventLoop = Task.Run(() => RunEventsAsync(stream, _stop.Token), CancellationToken.None);
        _logger.LogInformation("control API of SFU node {Node} at {Address} connected", _nodeId, _options.BaseAddress);
    }

    public Task<SfuNodeStatus> GetStatusAsync(CancellationToken ct = default) =>
        CallAsync<SfuNodeStatus>(HttpMethod.Get, SfuControlPaths.Status, null, ct);

    public Task<SfuJoinSnapshot> JoinAsync(string room, string participantId, string name, string role, CancellationToken ct = default) =>
        CallAsync<SfuJoinSnapshot>(HttpMethod.Post, SfuControlPaths.Join, new JoinRequest(room, participantId, name, role), ct);

    public Task JoinPublishOnlyAsync(string room, string participantId, string name, string role, CancellationToken ct = default) =>
        SendAsync(SfuControlPaths.JoinPublishOnly, new JoinRequest(room, participantId, name, role), ct);

    public async Task<string> JoinForPlaybackAsync(string room, string participantId, string name, string offerSdp, CancellationToken ct = default) =>
        (await CallAsync<SdpResponse>(HttpMethod.Post, SfuControlPaths.JoinForPlayback,
            new JoinForPlaybackRequest(room, participantId, name, offerSdp), ct)).Sdp;

    public async Task<string> PublishAsync(string room, string participantId, string offerSdp, IReadOnlyList<SfuPublishedTrack> tracks,
        CancellationToken ct = default) =>
        (await CallAsync<SdpResponse>(HttpMethod.Post, SfuControlPaths.Publish, new PublishRequest(room, participantId, offerSdp, tracks), ct)).Sdp;

    public Task AnswerSubscriptionAsync(string room, string participantId, string answerSdp, CancellationToken ct = default) =>
        SendAsync(SfuControlPaths.AnswerSubscription, new AnswerSubscriptionRequest(room, participantId, answerSdp), ct);

    public Task SetLayerAsync(string room, string participantId, string layer, CancellationToken ct = default) =>
        SendAsync(SfuControlPaths.SetLayer, new SetLayerRequest(room, participantId, layer), ct);

    public Task<SfuRelayLayers> SetRelayLayersAsync(string room, string participantId, string trackId, IReadOnlyList<string> rids,
        CancellationToken ct = default) =>
        CallAsync<SfuRelayLayers>(HttpMethod.Post, SfuControlPaths.SetRelayLayers, new SetRelayLayersRequest(room, participantId, trackId, rids), ct);

    public Task SetPausedAsync(string room, string participantId, string trackId, bool paused, CancellationToken ct = default) =>
        SendAsync(SfuControlPaths.SetPaused, new SetPausedRequest(room, participantId, trackId, paused), ct);

    public Task SetTrackMutedAsync(string room, string participantId, string source, bool muted, CancellationToken ct = default) =>
        SendAsync(SfuControlPaths.SetTrackMuted, new SetTrackMutedRequest(room, participantId, source, muted), ct);

    public Task SetRoleAsync(string room, string participantId, string role, CancellationToken ct = default) =>
        SendAsync(SfuControlPaths.SetRole, new SetRoleRequest(room, participantId, role), ct);

    public Task<SfuParticipantStats> GetStatsAsync(string room, string participantId, CancellationToken ct = default) =>
        CallAsync<SfuParticipantStats>(HttpMethod.Post, SfuControlPaths.Stats, new ParticipantRequest(room, participantId), ct);

    public Task<SfuRoomSnapshot> GetRoomAsync(string room, CancellationToken ct = default) =>
        CallAsync<SfuRoomSnapshot>(HttpMethod.Post, SfuControlPaths.Room, new RoomRequest(room), ct);

    public Task DrainAsync(TimeSpan deadline, CancellationToken ct = default) =>
        SendAsync(SfuControlPaths.Drain, new DrainRequest(deadline.TotalSeconds), ct);

    public Task PullRoomAsync(string room, string fromNodeId, string fromControlUrl, CancellationToken ct = default) =>
        SendAsync(SfuControlPaths.PullRoom, new PullRoomRequest(room, fromNodeId, fromControlUrl), ct);

    public Task LeaveAsync(string room, string participantId, string reason, CancellationToken ct = default) =>
        SendAsync(SfuControlPaths.Leave, new LeaveRequest(room, participantId, reason), ct);

    private async Task<T> CallAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var response = await RequestAsync(method, path, body, ct);
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(SfuControlJson.Options, ct)
                ?? throw new JsonException("empty body");
        }
        catch (JsonException ex)
        {
            throw new SfuControlException(SfuControlError.Unavailable, $"the SFU node answered {path} out of contract: {ex.Message}", ex);
        }
    }

    private async Task SendAsync(string path, object body, CancellationToken ct)
    {
        using var response = await RequestAsync(HttpMethod.Post, path, body, ct);
    }

    /// <summary>One call; a successful response is the caller's to read and dispose, anything else becomes an exception.</summary>
    private async Task<HttpResponseMessage> RequestAsync(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: SfuControlJson.Options);
        HttpResponseMessage response;
        try
        {
            response = await _calls.SendAsync(request, ct);
        }
        catch (HttpRequestException ex)
        {
            throw Unreachable(ex.Message, ex);
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw Unreachable($"no answer within {_options.CallTimeout.TotalSeconds:0.#} s", ex);
        }
        if (response.IsSuccessStatusCode) return response;
        using (response) throw await RefusalOf(response, path, ct);
    }

    private async Task<SfuControlException> RefusalOf(HttpResponseMessage response, string path, CancellationToken ct)
    {
        if (response.StatusCode == System.Net.HttpStatusCode.Unauthorized)
            return new SfuControlException(SfuControlError.Unavailable, $"the SFU node at {_options.BaseAddress} refused the control token");
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<SfuControlProblem>(SfuControlJson.Options, ct);
            if (problem is { Error: not null, Message: not null }) return problem.ToException();
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            // Not one of ours (a proxy's error page): report the status below.
        }
        return new SfuControlException(SfuControlError.Unavailable, $"the SFU node answered {path} with HTTP {(int)response.StatusCode}");
    }

    private SfuControlException Unreachable(string why, Exception inner) =>
        new(SfuControlError.Unavailable, $"the SFU node at {_options.BaseAddress} is unavailable: {why}", inner);

    private async Task<HttpResponseMessage> OpenEventsAsync(CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, SfuControlPaths.Events);
        HttpResponseMessage response;
        try
        {
            // The node subscribes before it sends the headers: once they are here, no later event is missed.
            response = await _events.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException ex)
        {
            throw Unreachable(ex.Message, ex);
        }
        finally
        {
            request.Dispose();
        }
        if (response.IsSuccessStatusCode) return response;
        using (response) throw await RefusalOf(response, SfuControlPaths.Events, ct);
    }

    private async Task RunEventsAsync(HttpResponseMessage? open, CancellationToken ct)
    {
        var retry = FirstRetry;
        while (!ct.IsCancellationRequested)
        {
            var response = open;
            open = null;
            try
            {
                response ??= await OpenEventsAsync(ct);
                if (!_eventsFlowing)
                {
                    _logger.LogInformation("event stream of SFU node {Node} open again", _nodeId);
                    _eventsFlowing = true;
                    EventStreamChanged?.Invoke(true);
                }
                retry = FirstRetry;
                await ReadEventsAsync(response, ct);
                _logger.LogWarning("event stream of SFU node {Node} ended; reopening (events meanwhile are lost)", _nodeId);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                if (_eventsFlowing || retry == FirstRetry)
                    _logger.LogWarning("event stream of SFU node {Node} failed: {Reason}; reopening (events meanwhile are lost)", _nodeId, ex.Message);
            }
            finally
            {
                response?.Dispose();
                if (_eventsFlowing)
                {
                    _eventsFlowing = false;
                    if (!ct.IsCancellationRequested) EventStreamChanged?.Invoke(false);
                }
            }
            try
            {
                await Task.Delay(retry, ct);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
        }
    }

    private async Task ReadEventsAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        using var reader = new StreamReader(body, Encoding.UTF8);
        while (true)
        {
            string? line;
            using (var silence = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                silence.CancelAfter(_options.EventSilenceTimeout);
                try
                {
                    line = await reader.ReadLineAsync(silence.Token);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    throw new TimeoutException($"silent for {_options.EventSilenceTimeout.TotalSeconds:0} s");
                }
            }
            if (line is null) return;
            if (line.Length == 0) continue;
            SfuControlEvent? e;
            try
            {
                e = JsonSerializer.Deserialize<SfuControlEvent>(line, SfuControlJson.Options);
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException)
            {
                // A newer node's event this release does not know: skip it, keep the stream.
                _logger.LogWarning("skipped an event of SFU node {Node} this release cannot read: {Reason}", _nodeId, ex.Message);
                continue;
            }
            if (e is not null) Raise(e);
        }
    }

    private void Raise(SfuControlEvent e)
    {
        try
        {
            Events?.Invoke(e);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "control event handler failed for {Event} in room {Room}", e.GetType().Name, e.Room);
        }
    }

    private static HttpClient CreateClient(HttpSfuNodeControlOptions options, TimeSpan timeout)
    {
        var client = new HttpClient { BaseAddress = options.BaseAddress, Timeout = timeout };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
        return client;
    }

    /// <summary>Idempotent: the host that made the client and the DI container that handed it out both dispose it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _stop.CancelAsync();
        if (_eventLoop is not null) await _eventLoop.ConfigureAwait(false);
        _calls.Dispose();
        _events.Dispose();
        _stop.Dispose();
    }
}
