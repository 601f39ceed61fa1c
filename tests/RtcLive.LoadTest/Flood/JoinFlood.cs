using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace RtcLive.LoadTest.Flood;

/// <summary>
/// Opens hub connections to one room and joins, one after another as fast as the server answers, bounded in count and
/// time; counts what was admitted and what was refused (429 from the join rate or the open-connection cap). Every
/// connection it opened is closed at the end.
/// </summary>
public sealed class JoinFlood(Uri signaling, string room)
{
    public async Task<JoinFloodResult> RunAsync(long maxCount, TimeSpan maxDuration, int maxRate, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = signaling, Timeout = TimeSpan.FromSeconds(10) };
        var token = await http.GetFromJsonAsync<JsonElement>(
            $"/api/dev/token?room={Uri.EscapeDataString(room)}&name=flood&role=viewer", ct);
        string bearer = token.GetProperty("token").GetString() ?? throw new InvalidOperationException("the dev token endpoint returned no token");

        var open = new List<HubConnection>();
        long joined = 0, refused = 0, failed = 0;
        var clock = Stopwatch.StartNew();
        try
        {
            for (long i = 0; i < maxCount && clock.Elapsed < maxDuration && !ct.IsCancellationRequested; i++)
            {
                if (maxRate > 0 && i > clock.Elapsed.TotalSeconds * maxRate) await Task.Delay(5, ct);
                var hub = new HubConnectionBuilder()
                    .WithUrl(new Uri(signaling, $"/hubs/room?room={Uri.EscapeDataString(room)}"), options =>
                    {
                        options.Transports = HttpTransportType.WebSockets;
                        options.SkipNegotiation = true;
                        options.AccessTokenProvider = () => Task.FromResult<string?>(bearer);
                    })
                    .Build();
                try
                {
                    await hub.StartAsync(ct);
                    open.Add(hub);
                    await hub.InvokeAsync<JsonElement>("Join", new { room }, ct);
                    joined++;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    if (ex.ToString().Contains("429", StringComparison.Ordinal)) refused++;
                    else failed++;
                    if (!open.Contains(hub)) await hub.DisposeAsync();
                }
            }
        }
        finally
        {
            foreach (var hub in open) await hub.DisposeAsync();
        }
        return new JoinFloodResult(joined, refused, failed, clock.Elapsed);
    }
}

/// <summary>Connections that joined, were refused with 429, or failed otherwise (a hub error, a timeout).</summary>
public readonly record struct JoinFloodResult(long Joined, long Refused, long Failed, TimeSpan Elapsed);
