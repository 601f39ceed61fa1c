using Microsoft.Extensions.Logging;
using RtcLive.Hls.Ingest;
using RtcLive.Hls.Packaging;
using RtcLive.Hls.Transcode;

namespace RtcLive.Hls.Rooms;

/// <summary>
/// HLS for one room, one run (a start after the last stop): reads the class from the media source, waits for the
/// camera's first keyframe to size the ladder, then keeps ffmpeg running, starting a new run (a new generation,
/// a discontinuity for players) whenever it dies, with backoff, until the class ends or nobody watches.
/// </summary>
public sealed class HlsRoomWorker : IAsyncDisposable
{
    private static readonly TimeSpan BestLayerWait = TimeSpan.FromSeconds(2);

    private readonly HlsOptions _options;
    private readonly string _ffmpeg;
    private readonly IHlsMediaSource _source;
    private readonly ILogger _logger;
    private readonly ClassMediaIngest _ingest;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<IReadOnlyList<LadderRung>> _ladder = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile TranscodeSession? _session;
    private volatile bool _ending;
    private Task _run = Task.CompletedTask;
    private IDisposable? _feed;

    public HlsRoomWorker(string room, string directory, HlsOptions options, string ffmpeg, IHlsMediaSource source, ILogger logger)
    {
        Room = room;
        RunId = DateTime.UtcNow.ToString("yyyyMMddHHmmss") + Random.Shared.Next(100, 1000);
        Directory = Path.Combine(directory, Uri.EscapeDataString(room), RunId);
        _options = options;
        _ffmpeg = ffmpeg;
        _source = source;
        _logger = logger;
        _ingest = new ClassMediaIngest(OnFrame);
    }

    public string Room { get; }

    /// <summary>Part of every URL of this run, so a CDN never mixes up files of two runs that reuse sequence numbers.</summary>
    public string RunId { get; }

    public string Directory { get; }

    public IReadOnlyList<RungPackager> Packagers { get; private set; } = [];

    public bool Ended { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    public double? Speed => _session?.Speed;

    /// <summary>The running ffmpeg's process id (tests kill it to prove the restart).</summary>
    public int? FfmpegProcessId => _session?.ProcessId;

    public int Restarts { get; private set; }

    public void Start()
    {
        System.IO.Directory.CreateDirectory(Directory);
        _feed = _source.Open(Room, _ingest);
        _run = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>The ladder, once the camera's first keyframe told its size; waits at most <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<LadderRung>?> WaitForLadderAsync(TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            return await _ladder.Task.WaitAsync(timeout, ct);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    public RungPackager? Packager(string name) => Packagers.FirstOrDefault(p => p.Name == name);

    /// <summary>The class ended: ffmpeg finishes what it has, every playlist gets EXT-X-ENDLIST.</summary>
    public async Task EndAsync()
    {
        if (_ending) return;
        _ending = true;
        _feed?.Dispose();
        if (_session is { } session) await session.StopAsync();
        foreach (var p in Packagers) p.End();
        if (_options.Replay && _ladder.Task.IsCompletedSuccessfully) WriteReplay(_ladder.Task.Result);
        _ladder.TrySetCanceled();
        Ended = true;
        EndedAt = DateTimeOffset.UtcNow;
        _stop.Cancel();
        _logger.LogInformation("HLS of room {Room}: the class ended, playlists closed", Room);
    }

    /// <summary>
    /// The replay's multivariant playlist, beside the rungs' VOD playlists. Written last and by a rename, so that a
    /// replay is listed (<see cref="ReplayStore"/>) only once all of it is on disk.
    /// </summary>
    private void WriteReplay(IReadOnlyList<LadderRung> ladder)
    {
        string temporary = Path.Combine(Directory, ReplayStore.MultivariantFile + ".tmp");
        File.WriteAllText(temporary, MultivariantPlaylistWriter.Write(ladder, "", _options.AudioKbps, RungPackager.ReplayPlaylistFile));
        File.Move(temporary, Path.Combine(Directory, ReplayStore.MultivariantFile), overwrite: true);
        _logger.LogInformation("HLS of room {Room}: the replay of run {Run} is kept in {Directory}", Room, RunId, Directory);
    }

    private void OnFrame(MediaFrame frame)
    {
        if (_session is { } session) session.Offer(frame);
        else frame.Release();
    }

    private async Task RunAsync(CancellationToken ct)
    {
        try
        {
            var ladder = await SizeLadderAsync(ct);
            Packagers = ladder.Select(r => NewPackager(r.Name)).ToArray();
            _ladder.TrySetResult(ladder);
            var backoff = TimeSpan.FromMilliseconds(250);
            for (int generation = 0; !ct.IsCancellationRequested && !_ending; generation++)
            {
                var session = new TranscodeSession(generation, _ffmpeg, ladder, Packagers, _options, _logger) { KeyframeNeeded = _ingest.NeedKeyframe };
                var started = DateTime.UtcNow;
                await session.StartAsync(ct);
                _session = session;
                _ingest.NeedKeyframe();
                await session.Exited.WaitAsync(ct);
                if (_ending || ct.IsCancellationRequested) break;
                _session = null;
                await session.DisposeAsync();
                foreach (var p in Packagers) p.OnRunEnded();
                Restarts++;
                HlsMetrics.Restarts.Inc();
                backoff = DateTime.UtcNow - started > TimeSpan.FromSeconds(30) ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
                _logger.LogWarning("HLS of room {Room}: ffmpeg run {Generation} ended unexpectedly; restarting in {Delay} ms", Room, generation, backoff.TotalMilliseconds);
                await Task.Delay(backoff, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "HLS of room {Room} failed", Room);
        }
    }

    /// <summary>Waits for the camera, then briefly for its best simulcast layer, so the top rung is the real size.</summary>
    private async Task<IReadOnlyList<LadderRung>> SizeLadderAsync(CancellationToken ct)
    {
        while (_ingest.SourceHeight == 0) await Task.Delay(50, ct);
        var first = DateTime.UtcNow;
        int height = _ingest.SourceHeight;
        while (DateTime.UtcNow - first < BestLayerWait)
        {
            await Task.Delay(100, ct);
            if (_ingest.SourceHeight > height) break;
        }
        var ladder = Ladder.For(_ingest.SourceWidth, _ingest.SourceHeight, _options);
        _logger.LogInformation("HLS of room {Room}: source {Codec} {Width}x{Height}, ladder {Rungs}", Room, _ingest.SourceCodec, _ingest.SourceWidth, _ingest.SourceHeight,
            string.Join(", ", ladder.Select(r => $"{r.Name} {r.VideoKbps} kbit/s")));
        return ladder;
    }

    private RungPackager NewPackager(string name)
    {
        var packager = new RungPackager(name, Path.Combine(Directory, name), _options);
        packager.SegmentWritten += () => HlsMetrics.SegmentsWritten.Inc();
        return packager;
    }

    public async ValueTask DisposeAsync()
    {
        _ending = true;
        _feed?.Dispose();
        _stop.Cancel();
        if (_session is { } session) await session.DisposeAsync();
        try
        {
            await _run.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception)
        {
            // stopping anyway
        }
        _ladder.TrySetCanceled();
        if (!_options.Replay)
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        _stop.Dispose();
    }
}
