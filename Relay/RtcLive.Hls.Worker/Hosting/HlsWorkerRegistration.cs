using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using RtcLive.Cluster;
using RtcLive.Hls.Pull;
using RtcLive.Hls.Rooms;
using RtcLive.Sfu.Node;

namespace RtcLive.Hls.Worker.Hosting;

/// <summary>
/// Keeps the worker's record (kind <c>hls</c>) in the cluster registry once it listens: written every second,
/// lapsing 3 s after the last write, taken out at a clean stop. Signaling reads it to send HLS viewers here: the
/// record's media address is where viewers fetch <c>/hls/…</c>; its rooms are the classes it transcodes now and
/// its load the HLS viewers it serves.
/// </summary>
public sealed class HlsWorkerRegistration(
    IClusterStore store,
    HlsRooms rooms,
    HlsWorkerOptions options,
    IServer server,
    IHostApplicationLifetime lifetime,
    ILogger<HlsWorkerRegistration> logger) : IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(3);

    private readonly CancellationTokenSource _stop = new();
    private readonly ProcessCpuSampler _cpu = new();
    private Task? _loop;
    private bool _failing;
    private string _listenUrl = "";

    /// <summary>True once the first record is written: signaling can send viewers here.</summary>
    public bool IsRegistered { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            _listenUrl = (server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "").TrimEnd('/');
            _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
        });
        return Task.CompletedTask;
    }

    /// <summary>Where viewers fetch HLS from this worker.</summary>
    public string PublicUrl => options.PublicUrl.Length > 0 ? options.PublicUrl.TrimEnd('/') : _listenUrl;

    public NodeRecord Build()
    {
        var transcoding = new List<string>();
        foreach (var worker in rooms.Workers)
            if (!worker.Ended) transcoding.Add(worker.Room);
        var load = new NodeLoad(rooms.ViewerCount, transcoding.Count, 0, _cpu.Sample());
        return new NodeRecord(options.Id, NodeKinds.Hls, options.Region, Environment.ProcessId, NodeStates.Active, PublicUrl, _listenUrl, "",
            options.Capacity, load, transcoding, [], [], DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    private async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await store.PutNodeAsync(Build(), Ttl, ct);
                if (!IsRegistered) logger.LogInformation("HLS worker {Worker} registered in the cluster (region {Region}, viewers fetch from {Url})", options.Id, options.Region, PublicUrl);
                else if (_failing) logger.LogInformation("HLS worker {Worker} registered again in the cluster", options.Id);
                IsRegistered = true;
                _failing = false;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                if (!_failing) logger.LogWarning("HLS worker {Worker} could not write its cluster record (retrying every second): {Reason}", options.Id, ex.Message);
                _failing = true;
            }
            try
            {
                await Task.Delay(Interval, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested) return;
        await _stop.CancelAsync();
        if (_loop is not null) await _loop.ConfigureAwait(false);
        if (!IsRegistered) return;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await store.RemoveNodeAsync(options.Id, timeout.Token);
        }
        catch (Exception ex)
        {
            logger.LogDebug("HLS worker {Worker} left its record to expire: {Reason}", options.Id, ex.Message);
        }
    }
}
