using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RtcLive.Hls.Ingest;

namespace RtcLive.Hls.Rooms;

/// <summary>
/// The HLS worker's rooms: starts a room's transcode on its first HLS request (or when its class starts, with
/// <see cref="HlsOptions.StartWithRoom"/>), stops it after the last viewer left plus a grace period, ends its
/// playlists when the class ends and keeps them served for a while. Says at start whether HLS is on, and why not.
/// </summary>
public sealed class HlsRooms : IHostedService, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Entry> _rooms = new(StringComparer.Ordinal);
    private readonly HlsOptions _options;
    private readonly IHlsMediaSource? _source;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly string _directory;
    private Timer? _sweeper;

    private sealed record Entry(HlsRoomWorker Worker, ViewerTracker Viewers, bool StartedWithRoom);

    /// <param name="source">Where media comes from; null when this process has none (then HLS is off, saying why).</param>
    /// <param name="noSourceReason">Why there is no source, for people.</param>
    public HlsRooms(IOptions<HlsOptions> options, IHlsMediaSource? source, ILoggerFactory loggers, string? noSourceReason = null)
    {
        _options = options.Value;
        _source = source;
        _loggers = loggers;
        _logger = loggers.CreateLogger<HlsRooms>();
        _directory = _options.Directory is { Length: > 0 } d ? d : Path.Combine(Path.GetTempPath(), $"rtclive-hls-{Environment.ProcessId}");
        Replays = new ReplayStore(_directory);
        var detected = HlsAvailability.Detect(_options);
        Availability = detected.IsOn && source is null
            ? HlsAvailability.Off($"HLS is off: {noSourceReason ?? "this process has no media source"}")
            : detected;
    }

    public HlsAvailability Availability { get; }

    /// <summary>The ended classes kept as replays (with <see cref="HlsOptions.Replay"/>).</summary>
    public ReplayStore Replays { get; }

    public IEnumerable<HlsRoomWorker> Workers => _rooms.Values.Select(e => e.Worker);

    /// <summary>HLS viewers now, as the last sweep counted them (<c>rtclive_hls_viewers</c>).</summary>
    public int ViewerCount { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Availability.IsOn)
            _logger.LogInformation("HLS is on: ffmpeg at {Ffmpeg}, segments in {Directory}", Availability.FfmpegPath, _directory);
        else
            _logger.LogWarning("{Reason}; HLS requests are answered with 503", Availability.OffReason);
        _sweeper = new Timer(_ => _ = SweepAsync(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        return Task.CompletedTask;
    }

    /// <summary>Why a room that is not running yet is refused while <see cref="HlsOptions.MaxRooms"/> run.</summary>
    public string FullReason => $"this HLS worker transcodes as many rooms as it may ({_options.MaxRooms}, RtcLive:Hls:MaxRooms): try again later";

    /// <summary>
    /// The room's running worker, started if needed, counting <paramref name="client"/> as a viewer; null when HLS is
    /// off, or when starting it would pass <see cref="HlsOptions.MaxRooms"/> (requests for made-up rooms cannot pile up).
    /// </summary>
    public HlsRoomWorker? Watch(string room, string? client)
    {
        if (!Availability.IsOn) return null;
        if (!_rooms.TryGetValue(room, out var entry))
        {
            if (_rooms.Count >= _options.MaxRooms) return null;
            entry = _rooms.GetOrAdd(room, r => Start(r, withRoom: false));
        }
        if (client is not null) entry.Viewers.Seen(client);
        return entry.Worker;
    }

    /// <summary>The room's worker if one runs (or ended lately), without starting one.</summary>
    public HlsRoomWorker? Find(string room) => _rooms.TryGetValue(room, out var e) ? e.Worker : null;

    /// <summary>The class started (its camera was published): with StartWithRoom, transcoding begins now.</summary>
    public void OnClassStarted(string room)
    {
        if (Availability.IsOn && _options.StartWithRoom) _rooms.GetOrAdd(room, r => Start(r, withRoom: true));
    }

    /// <summary>The class ended: its playlists end (EXT-X-ENDLIST).</summary>
    public async Task EndClassAsync(string room)
    {
        if (_rooms.TryGetValue(room, out var entry)) await entry.Worker.EndAsync();
    }

    private Entry Start(string room, bool withRoom)
    {
        var worker = new HlsRoomWorker(room, _directory, _options, Availability.FfmpegPath!, _source!, _loggers.CreateLogger<HlsRoomWorker>());
        worker.Start();
        _logger.LogInformation("HLS of room {Room} started (run {Run}{Why})", room, worker.RunId, withRoom ? ", with the class" : ", for a viewer");
        return new Entry(worker, new ViewerTracker(_options.ViewerTimeout), withRoom);
    }

    private async Task SweepAsync()
    {
        int viewers = 0;
        foreach (var (room, entry) in _rooms)
        {
            int count = entry.Viewers.Count();
            viewers += count;
            var worker = entry.Worker;
            if (worker.Speed is { } speed) HlsMetrics.TranscodeSpeed.WithLabels(room).Set(speed);
            long idleMs = Environment.TickCount64 - entry.Viewers.LastRequestMs;
            bool idle = count == 0 && idleMs > _options.IdleGrace.TotalMilliseconds && !(entry.StartedWithRoom && !worker.Ended);
            bool expired = worker.EndedAt is { } ended && DateTimeOffset.UtcNow - ended > _options.EndedRetention;
            if (!idle && !expired) continue;
            if (!_rooms.TryRemove(new KeyValuePair<string, Entry>(room, entry))) continue;
            HlsMetrics.TranscodeSpeed.RemoveLabelled(room);
            _logger.LogInformation("HLS of room {Room} stopped ({Why})", room, expired ? "the ended class's retention is over" : "no viewers");
            await worker.DisposeAsync();
        }
        ViewerCount = viewers;
        HlsMetrics.Viewers.Set(viewers);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_sweeper is { } sweeper) await sweeper.DisposeAsync();
        _sweeper = null;
        foreach (var (room, entry) in _rooms)
        {
            _rooms.TryRemove(room, out _);
            await entry.Worker.DisposeAsync();
        }
    }
}
