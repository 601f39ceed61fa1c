using RtcLive.Signaling.Hubs;

namespace RtcLive.Signaling.Audience;

/// <summary>
/// Vouches, every <see cref="AudienceLease.RefreshEvery"/>, for the HLS participants whose connections this instance
/// holds, so the cluster keeps listing them; when this instance dies its members lapse within
/// <see cref="AudienceLease.Lifetime"/>.
/// </summary>
public sealed class AudienceLeaseKeeper(ConnectionRegistry registry, IAudienceStore audience, TimeProvider time,
    ILogger<AudienceLeaseKeeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Exported from the start (at 0), so dashboards and alerts find the series before the first HLS join.
        AudienceMetrics.Members.Inc(0);
        using var timer = new PeriodicTimer(AudienceLease.RefreshEvery, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await RefreshOnceAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the connections go with the process.
        }
    }

    public async Task RefreshOnceAsync(CancellationToken ct)
    {
        var held = registry.OverHls();
        if (held.Count == 0) return;
        var entries = new List<(string, string, string)>(held.Count);
        foreach (var binding in held) entries.Add((binding.Room, binding.ParticipantId, binding.ConnectionId));
        try
        {
            await audience.RefreshAsync(entries, AudienceLease.ExpiryFrom(time), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Redis away for a moment: the next tick tries again, well before the lease runs out.
            logger.LogWarning(ex, "could not renew {Count} HLS participants' presence in the class", held.Count);
        }
    }
}
