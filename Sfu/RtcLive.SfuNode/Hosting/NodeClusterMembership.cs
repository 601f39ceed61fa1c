using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using RtcLive.Cluster;
using RtcLive.Sfu.Cluster;

namespace RtcLive.SfuNode.Hosting;

/// <summary>
/// Puts the node in the cluster registry once its control API listens (the record carries the real URL, port
/// 0 included), when <c>RtcLive:Cluster:Redis</c> is set; keeps it there with heartbeats; takes it out at a
/// clean stop. Without Redis the node runs alone (signaling then finds it by <c>RtcLive:Sfu:ControlUrl</c>).
/// </summary>
public sealed class NodeClusterMembership(
    NodeHost host,
    IServer server,
    IHostApplicationLifetime lifetime,
    IConfiguration configuration,
    ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggers.CreateLogger<NodeClusterMembership>();
    private RedisClusterStore? _store;
    private NodeRegistration? _registration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        string redis = configuration["RtcLive:Cluster:Redis"] ?? "";
        if (string.IsNullOrWhiteSpace(redis)) return Task.CompletedTask;
        lifetime.ApplicationStarted.Register(() => _ = Task.Run(() => RegisterAsync(redis)));
        return Task.CompletedTask;
    }

    private async Task RegisterAsync(string redis)
    {
        try
        {
            string controlUrl = configuration["RtcLive:Node:ControlUrl"] is { Length: > 0 } configured
                ? configured
                : server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "";
            _store = await RedisClusterStore.ConnectAsync(redis, loggers.CreateLogger<RedisClusterStore>());
            var registration = new NodeRegistration(host.Node, _store, new NodeRegistrationOptions
            {
                ControlUrl = controlUrl.TrimEnd('/'),
                Capacity = host.Capacity,
                Links = () => host.Relay.LinkEntries,
            }, loggers.CreateLogger<NodeRegistration>());
            host.Relay.Changed += registration.Changed;
            host.Drain.Registration = registration;
            await registration.StartAsync(lifetime.ApplicationStopping);
            _registration = registration;
            _logger.LogInformation("node {Node} registered in the cluster at {Redis} (control {Url})", host.Node.Id, redis, controlUrl);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogError(ex, "node could not join the cluster at {Redis}", redis);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        var registration = _registration;
        _registration = null;
        if (registration is not null) await registration.DisposeAsync();
        var store = _store;
        _store = null;
        if (store is not null) await store.DisposeAsync();
    }
}
