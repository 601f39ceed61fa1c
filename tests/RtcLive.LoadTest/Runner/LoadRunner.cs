using RtcLive.LoadTest.Cli;
using RtcLive.LoadTest.Media;
using RtcLive.LoadTest.Ramp;
using RtcLive.LoadTest.Report;
using RtcLive.LoadTest.Sampling;
using RtcLive.LoadTest.Stats;
using RtcLive.LoadTest.Targets;

namespace RtcLive.LoadTest.Runner;

/// <summary>
/// Runs one load: publishers first (one room each), then subscribers spread over the rooms, a warm-up, and a
/// measured window — or, in ramp mode, steps of more subscribers each measured on its own window until one
/// fails the limits. Everything is bounded by the options' counts and <see cref="LoadOptions.TimeLimitSeconds"/>.
/// </summary>
internal sealed class LoadRunner(LoadOptions options, ILoadTarget target)
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(20);

    private readonly List<PublisherSession> _publishers = [];
    private readonly List<SubscriberSession> _subscribers = [];
    private readonly ProcessSampler? _sfu = options.SfuPid is { } pid ? new ProcessSampler(pid) : null;
    private readonly ProcessSampler _self = ProcessSampler.Self();
    private readonly ProgressBar _progress = new(!options.Quiet);
    private readonly IReadOnlyList<LayerSpec> _layers = LayerSpec.Default720p;
    private int _failures;
    private string? _firstError;
    private int _nextSubscriber;
    private long _runStart;

    public async Task<LoadReport> RunAsync(CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeSpan.FromSeconds(options.TimeLimitSeconds));
        var started = DateTimeOffset.UtcNow;
        _runStart = LoadClock.NowMicros;
        using var pump = new MediaPump();
        try
        {
            for (int room = 0; room < options.Publishers; room++)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(limit.Token);
                timeout.CancelAfter(ConnectTimeout);
                var publisher = await target.PublishAsync(room, timeout.Token);
                _publishers.Add(publisher);
                pump.Add(publisher.Streams);
            }
            await Task.Delay(1000, limit.Token);
            long? rssBaseline = _sfu?.Sample()?.RssBytes;
            return options.Ramp
                ? await RampAsync(started, rssBaseline, limit.Token)
                : await FixedAsync(started, rssBaseline, limit.Token);
        }
        finally
        {
            _progress.Done();
            await CloseAllAsync();
        }
    }

    private async Task<LoadReport> FixedAsync(DateTimeOffset started, long? rssBaseline, CancellationToken ct)
    {
        int wanted = options.Publishers * options.SubscribersPerPublisher;
        double planned = options.WarmupSeconds + options.DurationSeconds;
        await ConnectAsync(wanted, wanted, planned, ct);
        await WatchAsync(options.WarmupSeconds, "warm-up", wanted, planned, ct);
        var from = Snapshot();
        long sentBefore = PacketsSent();
        await WatchAsync(options.DurationSeconds, "measuring", wanted, planned, ct);
        var window = new WindowStats(from, Snapshot());
        return Build(started, window, PacketsSent() - sentBefore, rssBaseline, "fixed");
    }

    private async Task<LoadReport> RampAsync(DateTimeOffset started, long? rssBaseline, CancellationToken ct)
    {
        var steps = new List<RampStep>();
        WindowStats? lastGood = null, last = null;
        long sentInLast = 0;
        int total = options.RampStart;
        double planned = options.TimeLimitSeconds;
        while (!ct.IsCancellationRequested)
        {
            int failuresBefore = _failures;
            await ConnectAsync(total - _subscribers.Count, total, planned, ct);
            await WatchAsync(2, "settling", total, planned, ct);
            var from = Snapshot();
            long sentBefore = PacketsSent();
            await WatchAsync(options.RampWindowSeconds, "measuring", total, planned, ct);
            last = new WindowStats(from, Snapshot());
            sentInLast = PacketsSent() - sentBefore;
            double p99 = last.AllDelay.Percentile(0.99) / 1000.0;
            int failed = _failures - failuresBefore;
            bool good = RampDecision.IsGood(options.Limits, last.All.LossFraction, p99, last.PacketsForwarded, failed);
            var step = new RampStep(last.Subscribers, last.All.LossFraction, p99, last.AllDelay.Percentile(0.5) / 1000.0,
                last.PacketsForwarded, last.SfuCpuMicrosPerPacket ?? 0, failed, good);
            steps.Add(step);
            if (good) lastGood = last;
            if (!RampDecision.ShouldContinue(step, options.RampMax)) break;
            total = Math.Min(options.RampMax, total + options.RampStep);
            // A step takes connect time + 2 s + the window; stop rather than overrun the time limit.
            if (Elapsed() + options.RampWindowSeconds + 10 > options.TimeLimitSeconds) break;
        }
        var window = lastGood ?? last ?? throw new OperationCanceledException("the ramp ended before its first step");
        return Build(started, window, sentInLast, rssBaseline, "ramp") with
        {
            RampSteps = steps,
            RampLastGoodSubscribers = RampDecision.LastGood(steps),
        };
    }

    private LoadReport Build(DateTimeOffset started, WindowStats window, long sent, long? rssBaseline, string mode)
    {
        var rids = new List<string>();
        foreach (var layer in _layers) rids.Add(layer.Rid);
        string? pubSrtp = _publishers.Count > 0 ? _publishers[0].Peer.SrtpProfile?.ToString() : null;
        string? subSrtp;
        lock (_subscribers) subSrtp = _subscribers.Count > 0 ? _subscribers[0].Peer.SrtpProfile?.ToString() : null;
        return LoadReport.From(target.Name, mode, started, options.Publishers, window, sent, _failures, _firstError, pubSrtp, subSrtp,
            options.Layer, rids, options.SfuPid, rssBaseline);
    }

    /// <summary>Connects <paramref name="count"/> more subscribers, spread over the rooms, a few at a time.</summary>
    private async Task ConnectAsync(int count, int wanted, double planned, CancellationToken ct)
    {
        if (count <= 0) return;
        using var gate = new SemaphoreSlim(options.ConnectConcurrency);
        var tasks = new List<Task>(count);
        for (int i = 0; i < count; i++)
        {
            int index = _nextSubscriber++;
            tasks.Add(ConnectOneAsync(index % options.Publishers, index / options.Publishers, gate, ct));
        }
        var all = Task.WhenAll(tasks);
        while (!all.IsCompleted)
        {
            await Task.WhenAny(all, Task.Delay(1000, ct));
            ct.ThrowIfCancellationRequested();
            int connected;
            lock (_subscribers) connected = _subscribers.Count;
            _progress.Update(Elapsed(), planned, "connecting", connected, wanted, null);
        }
        await all;
    }

    private async Task ConnectOneAsync(int room, int subscriber, SemaphoreSlim gate, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(ConnectTimeout);
            var session = await target.SubscribeAsync(room, subscriber, timeout.Token);
            lock (_subscribers) _subscribers.Add(session);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            Interlocked.Increment(ref _failures);
            Interlocked.CompareExchange(ref _firstError, $"{ex.GetType().Name}: {ex.Message}", null);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Waits <paramref name="seconds"/>, redrawing the progress line every second with that second's figures.</summary>
    private async Task WatchAsync(double seconds, string phase, int wanted, double planned, CancellationToken ct)
    {
        long end = LoadClock.NowMicros + (long)(seconds * 1e6);
        var previous = Snapshot();
        while (LoadClock.NowMicros < end)
        {
            long left = (end - LoadClock.NowMicros) / 1000;
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Clamp(left, 1, 1000)), ct);
            var now = Snapshot();
            _progress.Update(Elapsed(), planned, phase, now.Subscribers, wanted, new WindowStats(previous, now));
            previous = now;
        }
    }

    private RunSnapshot Snapshot()
    {
        SubscriberSession[] subscribers;
        lock (_subscribers) subscribers = [.. _subscribers];
        return RunSnapshot.Take(subscribers, _sfu, _self);
    }

    private long PacketsSent()
    {
        long sent = 0;
        foreach (var p in _publishers) sent += p.Streams.PacketsSent;
        return sent;
    }

    private double Elapsed() => (LoadClock.NowMicros - _runStart) / 1e6;

    private async Task CloseAllAsync()
    {
        SubscriberSession[] subscribers;
        lock (_subscribers) subscribers = [.. _subscribers];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await Parallel.ForEachAsync(subscribers, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = timeout.Token },
                async (s, _) => await s.DisposeAsync());
        }
        catch (OperationCanceledException)
        {
            // Whatever is left is timed out by the SFU.
        }
        foreach (var p in _publishers) await p.DisposeAsync();
    }
}
