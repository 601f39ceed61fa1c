using RtcLive.Cluster;
using RtcLive.Hls.Rooms;

namespace RtcLive.Hls.Worker.Hosting;

/// <summary>
/// Ends a room's playlists when signaling says its class ended (<see cref="ClusterChannels.ClassEnded"/>): the moderator
/// pressed "end" on some signaling instance, and HLS viewers learn it from EXT-X-ENDLIST.
/// </summary>
public sealed class ClassEndListener(IClusterStore store, HlsRooms rooms, ILogger<ClassEndListener> logger) : IHostedService, IAsyncDisposable
{
    private IAsyncDisposable? _subscription;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = await store.SubscribeAsync(ClusterChannels.ClassEnded, room =>
        {
            if (string.IsNullOrWhiteSpace(room) || room.Length > 128) return;
            _ = Task.Run(async () =>
            {
                try
                {
                    await rooms.EndClassAsync(room);
                }
                catch (Exception ex)
                {
                    logger.LogWarning("ending the HLS of room {Room} failed: {Reason}", room, ex.Message);
                }
            });
        }, cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        var subscription = _subscription;
        _subscription = null;
        if (subscription is not null) await subscription.DisposeAsync();
    }
}
