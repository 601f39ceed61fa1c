using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace RtcLive.Cli;

/// <summary>What went wrong talking to signaling, said so an operator knows what to change; <see cref="ExitCode"/> for scripts.</summary>
public sealed class CliException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>Signaling answered but refused or failed (unknown node, not ready, bad request).</summary>
    public const int Failed = 1;
    public const int Usage = 2;
    /// <summary>Signaling could not be reached.</summary>
    public const int Unreachable = 3;
    /// <summary>The admin token is missing or wrong.</summary>
    public const int Unauthorized = 4;
}

/// <summary>Signaling's admin API (<c>/api/cluster…</c>) with the admin token as a Bearer token.</summary>
public sealed class AdminClient(HttpClient http, Uri server, string? adminToken)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Uri Server { get; } = server;

    public Task<ClusterView> ClusterAsync(CancellationToken ct) => GetAsync<ClusterView>("api/cluster", ct);

    public Task<List<ClusterRoom>> RoomsAsync(CancellationToken ct) => GetAsync<List<ClusterRoom>>("api/cluster/rooms", ct);

    public Task<DrainResult> DrainAsync(string node, double deadlineSeconds, CancellationToken ct) =>
        SendAsync<DrainResult>(HttpMethod.Post, $"api/cluster/nodes/{Uri.EscapeDataString(node)}/drain?deadlineSeconds={deadlineSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}", null, ct);

    public Task<TokenIssued> TokenAsync(TokenRequest request, CancellationToken ct) =>
        SendAsync<TokenIssued>(HttpMethod.Post, "api/cluster/tokens", JsonContent.Create(request, options: Json), ct);

    /// <summary>The status and body of an open probe (<c>/healthz</c>, <c>/readyz</c>); no token sent.</summary>
    public async Task<(int Status, string Body)> ProbeAsync(string path, CancellationToken ct)
    {
        using var response = await CallAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(Server, path)), ct);
        return ((int)response.StatusCode, (await response.Content.ReadAsStringAsync(ct)).Trim());
    }

    private Task<T> GetAsync<T>(string path, CancellationToken ct) => SendAsync<T>(HttpMethod.Get, path, null, ct);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, CancellationToken ct)
    {
        var request = new HttpRequestMessage(method, new Uri(Server, path)) { Content = content };
        if (!string.IsNullOrEmpty(adminToken)) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        using var response = await CallAsync(request, ct);
        string body = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
            throw new CliException(
                (string.IsNullOrEmpty(adminToken) ? "no admin token given" : "the admin token was refused") +
                $" by {Server}: pass --admin-token or set RTCLIVE_ADMIN_TOKEN to signaling's RtcLive:Auth:AdminToken", ExitCodes.Unauthorized);
        if (response.StatusCode == HttpStatusCode.NotFound && body.Length == 0)
            throw new CliException($"{Server} has no {path}: is it RtcLive signaling, and new enough?", ExitCodes.Failed);
        if (!response.IsSuccessStatusCode)
            throw new CliException($"{method} {path} failed: {(int)response.StatusCode} {response.ReasonPhrase}: {body.Trim()}", ExitCodes.Failed);
        try
        {
            return JsonSerializer.Deserialize<T>(body, Json) ?? throw new JsonException("empty");
        }
        catch (JsonException ex)
        {
            throw new CliException($"{Server}{path} answered something that is not the admin API's JSON ({ex.Message})", ExitCodes.Failed);
        }
    }

    private async Task<HttpResponseMessage> CallAsync(HttpRequestMessage request, CancellationToken ct)
    {
        try
        {
            return await http.SendAsync(request, ct);
        }
        catch (HttpRequestException ex) when (ex.InnerException is SocketException || ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            throw new CliException($"cannot reach signaling at {Server} ({ex.Message}): is it running? Point --server or RTCLIVE_SERVER at it", ExitCodes.Unreachable);
        }
        catch (HttpRequestException ex)
        {
            throw new CliException($"talking to {Server} failed: {ex.Message}", ExitCodes.Unreachable);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CliException($"signaling at {Server} did not answer in time", ExitCodes.Unreachable);
        }
    }
}

public sealed record ClusterView(List<ClusterNode> Nodes, List<ClusterLink> Links, List<SignalingInstance>? Signaling);

public sealed record SignalingInstance(string Id, string Region, int Pid, string Url);

public sealed record ClusterNode(string Id, string Kind, string Region, int Pid, string State, int Participants, int Tracks, NodeLoad Load);

public sealed record NodeLoad(double Cpu, long Bitrate);

public sealed record ClusterLink(string Room, string From, string To);

public sealed record ClusterRoom(string Room, List<string> Nodes, int Publishers, int Tracks, int Links);

public sealed record DrainResult(string Node, string State, double DeadlineSeconds);

public sealed record TokenRequest(string Room, string Name, string Role, string? Identity, double? LifetimeSeconds);

public sealed record TokenIssued(string Token, string Room, string Identity, string Role, DateTimeOffset ExpiresAt);
