using RtcLive.Cluster;
using RtcLive.Hls.Rooms;

namespace RtcLive.Signaling.Hosting;

/// <summary>
/// A class ended: its HLS playlists end (EXT-X-ENDLIST), in this process's HLS (embedded mode) and on the cluster's
/// HLS workers (told over the registry's pub/sub, <see cref="ClusterChannels.ClassEnded"/>).
/// </summary>
/// <remarks>One standalone SFU node without a cluster has no registry (and no HLS workers) to tell.</remarks>
public sealed class HlsClassEnd(HlsRooms local, IServiceProvider services, ILogger<HlsClassEnd> logger)
{
    private readonly IClusterStore? _store = services.GetService<IClusterStore>();

    public async Task EndAsync(string room)
    {
        try
        {
            if (_store is not null) await _store.PublishAsync(ClusterChannels.ClassEnded, room);
        }
        catch (Exception ex)
        {
            logger.LogWarning("could not tell the HLS workers that the class in room {Room} ended: {Reason}", room, ex.Message);
        }
        await local.EndClassAsync(room);
    }
}
