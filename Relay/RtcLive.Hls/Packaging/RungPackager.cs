namespace RtcLive.Hls.Packaging;

/// <summary>
/// One rung's LL-HLS output: takes ffmpeg's init segments and fragments, files them as parts (<c>p{msn}.{i}.m4s</c>)
/// and segments (<c>s{msn}.m4s</c>, the concatenation of its parts), keeps the sliding window, and answers blocking
/// requests (a playlist holding a given part, a hinted part not yet written). Fragments of one run of ffmpeg arrive
/// in order on one reader; requests come from any thread: one lock guards the state.
/// </summary>
public sealed class RungPackager
{
    private sealed record Part(PlaylistPart Entry, byte[] Bytes);

    private sealed class OpenSegment(long sequence, bool discontinuity, string map, DateTimeOffset start)
    {
        public long Sequence { get; } = sequence;
        public bool Discontinuity { get; } = discontinuity;
        public string Map { get; } = map;
        public DateTimeOffset Start { get; } = start;
        public List<Part> Parts { get; } = [];
        public double Duration => Parts.Sum(p => p.Entry.Duration);
    }

    private readonly object _gate = new();
    private readonly HlsOptions _options;
    private readonly TimeProvider _time;
    private readonly List<PlaylistSegment> _segments = [];
    private OpenSegment? _open;
    private long _nextSequence;
    private long _discontinuitySequence;
    private string? _map;
    private int _generation = -1;
    private bool _discontinuityPending;
    private bool _ended;
    private InitSegmentInfo? _init;
    private string _playlist = "";
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RungPackager(string name, string directory, HlsOptions options, TimeProvider? time = null)
    {
        Name = name;
        Directory = directory;
        _options = options;
        _time = time ?? TimeProvider.System;
        System.IO.Directory.CreateDirectory(directory);
        _playlist = Render();
    }

    /// <summary>The file (in <see cref="Directory"/>) that holds the replay's VOD playlist once the class ended, with Replay on.</summary>
    public const string ReplayPlaylistFile = "replay.m3u8";

    public string Name { get; }

    public string Directory { get; }

    /// <summary>Raised once per segment completed.</summary>
    public event Action? SegmentWritten;

    public bool HasMedia
    {
        get { lock (_gate) return _segments.Count > 0 || _open is { Parts.Count: > 0 }; }
    }

    public bool Ended
    {
        get { lock (_gate) return _ended; }
    }

    public string Playlist
    {
        get { lock (_gate) return _playlist; }
    }

    /// <summary>A new run of ffmpeg began with this init segment: what follows is a new timeline (a discontinuity, unless first).</summary>
    public void OnInit(int generation, ReadOnlySpan<byte> init)
    {
        var info = InitSegmentInfo.Parse(init.ToArray()) ?? throw new InvalidDataException("ffmpeg's init segment has no video track");
        string map = $"init-{generation}.mp4";
        File.WriteAllBytes(Path.Combine(Directory, map), init.ToArray());
        lock (_gate)
        {
            CloseOpenLocked();
            _discontinuityPending = _generation >= 0;
            _generation = generation;
            _map = map;
            _init = info;
        }
    }

    /// <summary>One moof+mdat from ffmpeg: a part; a keyframe starts a new segment once the current one is long enough.</summary>
    public void OnFragment(byte[] bytes, int moofLength)
    {
        bool segmentDone = false;
        lock (_gate)
        {
            if (_ended || _init is null || _map is null) return;
            if (FragmentInfo.Parse(bytes.AsMemory(8, moofLength - 8), _init) is not { } info) return;
            if (info.Independent && _open is { } open && open.Duration >= _options.SegmentSeconds * 0.5)
            {
                CloseOpenLocked();
                segmentDone = true;
            }
            if (_open is null)
            {
                // A segment must start on a keyframe: fragments before the first one of a run are dropped.
                if (!info.Independent) return;
                _open = new OpenSegment(_nextSequence++, _discontinuityPending, _map, _time.GetUtcNow());
                _discontinuityPending = false;
            }
            string uri = $"p{_open.Sequence}.{_open.Parts.Count}.m4s";
            File.WriteAllBytes(Path.Combine(Directory, uri), bytes);
            _open.Parts.Add(new Part(new PlaylistPart(info.DurationSeconds, uri, info.Independent), bytes));
            ChangedLocked();
        }
        if (segmentDone) SegmentWritten?.Invoke();
    }

    /// <summary>ffmpeg stopped (died, or is being restarted): the segment in progress ends with the parts it has.</summary>
    public void OnRunEnded()
    {
        bool done;
        lock (_gate)
        {
            done = CloseOpenLocked();
            if (done) ChangedLocked();
        }
        if (done) SegmentWritten?.Invoke();
    }

    /// <summary>The class ended: the last segment closes and the playlist gets EXT-X-ENDLIST; with Replay, the VOD playlist is written.</summary>
    public void End()
    {
        bool done;
        lock (_gate)
        {
            if (_ended) return;
            done = CloseOpenLocked();
            _ended = true;
            ChangedLocked();
            if (_options.Replay) File.WriteAllText(Path.Combine(Directory, ReplayPlaylistFile), ReplayPlaylistWriter.Write(_segments, _options.SegmentSeconds));
        }
        if (done) SegmentWritten?.Invoke();
    }

    /// <summary>
    /// Waits until the playlist holds part <paramref name="part"/> of segment <paramref name="msn"/> (or a later one),
    /// or the class ended, or the time is up (then the current playlist is given, as the RFC allows).
    /// </summary>
    public async Task<string> WaitForPlaylistAsync(long msn, int part, TimeSpan timeout, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_ended || HasLocked(msn, part)) return _playlist;
                changed = _changed.Task;
            }
            try
            {
                await changed.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                lock (_gate) return _playlist;
            }
        }
    }

    /// <summary>Whether a blocking reload for this msn is too far ahead to ever be answered soon (the RFC's 400).</summary>
    public bool IsTooFarAhead(long msn)
    {
        lock (_gate) return msn > _nextSequence + 2;
    }

    /// <summary>Waits (bounded) for a file of this rung: a hinted part that ffmpeg has not finished yet.</summary>
    public async Task<string?> WaitForFileAsync(string file, TimeSpan timeout, CancellationToken ct)
    {
        string path = Path.Combine(Directory, file);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (File.Exists(path)) return path;
                if (_ended || IsSupersededLocked(file)) return null;
                changed = _changed.Task;
            }
            try
            {
                await changed.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return File.Exists(path) ? path : null;
            }
        }
    }

    /// <summary>A hinted part whose segment is already over: the next fragment began a new segment instead.</summary>
    private bool IsSupersededLocked(string file)
    {
        if (!file.StartsWith('p')) return false;
        int dot = file.IndexOf('.');
        return dot > 1 && long.TryParse(file.AsSpan(1, dot - 1), out long msn) && _nextSequence - 1 > msn;
    }

    private bool HasLocked(long msn, int part)
    {
        if (_open is { } open && (open.Sequence > msn || (open.Sequence == msn && open.Parts.Count > Math.Max(0, part)))) return true;
        // A whole segment msn is there; with no part asked, that is what a client wants.
        return _segments.Count > 0 && (_segments[^1].Sequence > msn || (_segments[^1].Sequence == msn && part < 0));
    }

    private bool CloseOpenLocked()
    {
        if (_open is not { } open) return false;
        _open = null;
        if (open.Parts.Count == 0) return false;
        string uri = $"s{open.Sequence}.m4s";
        using (var file = File.Create(Path.Combine(Directory, uri)))
            foreach (var p in open.Parts) file.Write(p.Bytes);
        var parts = open.Parts.Select(p => p.Entry).ToArray();
        _segments.Add(new PlaylistSegment(open.Sequence, open.Duration, uri, parts, open.Discontinuity, open.Map, open.Start));
        while (!_options.Replay && _segments.Count > Math.Max(3, _options.WindowSegments)) Drop(_segments[0]);
        return true;
    }

    private void Drop(PlaylistSegment segment)
    {
        _segments.RemoveAt(0);
        // The first segment's DISCONTINUITY tag is not shown: it now counts in EXT-X-DISCONTINUITY-SEQUENCE.
        if (_segments.Count > 0 && _segments[0].Discontinuity) _discontinuitySequence++;
        TryDelete(segment.Uri);
        foreach (var p in segment.Parts) TryDelete(p.Uri);
    }

    private void TryDelete(string file)
    {
        try
        {
            File.Delete(Path.Combine(Directory, file));
        }
        catch (IOException)
        {
            // a CDN or viewer may still be reading it; the run's folder goes when the run stops
        }
    }

    private void ChangedLocked()
    {
        _playlist = Render();
        var previous = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        previous.TrySetResult();
    }

    private string Render()
    {
        var open = _open;
        string? hint = _ended ? null : open is not null ? $"p{open.Sequence}.{open.Parts.Count}.m4s" : null;
        return MediaPlaylistWriter.Write(new MediaPlaylistModel(
            _options.SegmentSeconds, _options.PartSeconds, _discontinuitySequence, _segments.ToArray(),
            open?.Parts.Select(p => p.Entry).ToArray() ?? [], open?.Discontinuity ?? false, open?.Map, open?.Start, hint, _ended, _options.Replay));
    }
}
