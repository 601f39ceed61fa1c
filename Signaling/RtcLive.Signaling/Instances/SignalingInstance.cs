using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using RtcLive.Cluster;
using RtcLive.Signaling.Hosting;
using RtcLive.Signaling.Placement;

namespace RtcLive.Signaling.Instances;

/// <summary>
/// This signaling instance in the cluster registry: a record of kind <see cref="NodeKinds.Signaling"/> written
/// every second (lapsing after 3 s) once Kestrel listens, carrying the URL browsers reach it at. Other
/// instances hand that URL to their clients, so a page whose instance dies reconnects to a live one. Its own
/// record also tells <see cref="ClusterSfuNodes"/> whether the registry can be trusted: right after a Redis
/// restart the registry is empty for a beat, and nodes missing from it then are not dead.
/// In embedded mode and with one static node nothing is registered.
/// </summary>
public sealed class SignalingInstance : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(3);

    private readonly IServiceProvider _services;
    private readonly IServer _server;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly SignalingInstanceOptions _options;
    private readonly PlacementOptions _placement;
    private readonly bool _cluster;
    private readonly ILogger _logger;
    private bool _failing;

    public SignalingInstance(IServiceProvider services, IServer server, IHostApplicationLifetime lifetime, IOptions<SignalingInstanceOptions> options,
        IOptions<PlacementOptions> placement, IOptions<ClusterOptions> cluster, ILogger<SignalingInstance> logger)
    {
        _services = services;
        _server = server;
        _lifetime = lifetime;
        _options = options.Value;
        _placement = placement.Value;
        _cluster = cluster.Value.IsCluster;
        _logger = logger;
        Id = string.IsNullOrWhiteSpace(_options.Id) ? $"signaling-{Environment.MachineName.ToLowerInvariant()}-{Environment.ProcessId}" : _options.Id.Trim();
    }

    public string Id { get; }

    /// <summary>Where browsers reach this instance; empty until known (or when it cannot be told).</summary>
    public string PublicUrl { get; private set; } = "";

    /// <summary>The id the registry must list for its absences to mean anything; null outside a cluster.</summary>
    public string? RegistryWitness => _cluster ? Id : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_cluster) return;
        if (!await StartedAsync(stoppingToken)) return;
        PublicUrl = ResolvePublicUrl();
        if (PublicUrl.Length == 0)
            _logger.LogWarning("signaling instance {Instance} listens on no concrete address: set RtcLive:Signaling:PublicUrl so clients of a failed instance can reconnect here", Id);
        _logger.LogInformation("signaling instance {Instance} registers in the cluster as {Url}", Id, PublicUrl.Length > 0 ? PublicUrl : "(no public URL)");

        var store = _services.GetRequiredService<IClusterStore>();
        using var timer = new PeriodicTimer(Interval);
        try
        {
            do
            {
                await WriteAsync(store, stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        try
        {
            using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await store.RemoveNodeAsync(Id, bounded.Token);
        }
        catch (Exception ex)
        {
            _logger.LogDebug("removing the record of {Instance} failed (it lapses on its own): {Reason}", Id, ex.Message);
        }
    }

    private async Task<bool> StartedAsync(CancellationToken ct)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = _lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStop = ct.Register(() => started.TrySetCanceled(ct));
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private string ResolvePublicUrl()
    {
        if (!string.IsNullOrWhiteSpace(_options.PublicUrl)) return _options.PublicUrl.Trim().TrimEnd('/');
        foreach (string address in _server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
        {
            if (!Uri.TryCreate(address, UriKind.Absolute, out var uri)) continue;
            // A wildcard bind says nothing about where browsers find us.
            if (uri.Host is "0.0.0.0" or "[::]" or "::" or "+" or "*") continue;
            return uri.GetLeftPart(UriPartial.Authority);
        }
        return "";
    }

    private async Task WriteAsync(IClusterStore store, CancellationToken ct)
    {
        var record = new NodeRecord(Id, NodeKinds.Signaling, _placement.Region, Environment.ProcessId, NodeStates.Active, "", PublicUrl, "", 0,
            new NodeLoad(0, 0, 0, 0), [], [], [], DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        try
        {
            await store.PutNodeAsync(record, Ttl, ct);
            if (_failing) _logger.LogInformation("signaling instance {Instance} registered again in the cluster", Id);
            _failing = false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (!_failing) _logger.LogWarning("signaling instance {Instance} could not write its cluster record (retrying every second): {Reason}", Id, ex.Message);
            _failing = true;
        }
    }
}
