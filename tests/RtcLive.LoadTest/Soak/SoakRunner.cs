using RtcLive.LoadTest.Cli;
using RtcLive.LoadTest.Media;
using RtcLive.LoadTest.Report;
using RtcLive.LoadTest.Stats;
using RtcLive.LoadTest.Targets;

namespace RtcLive.LoadTest.Soak;

/// <summary>
/// A long class with churn: one publisher per room, a steady number of subscribers of which the oldest leaves and
/// a new one joins every <see cref="LoadOptions.ChurnSeconds"/>, for <see cref="LoadOptions.DurationSeconds"/>.
/// The SFU's RSS, file descriptors and threads are sampled every <see cref="SampleInterval"/>; at the end every
/// peer leaves and the cluster view must show nobody left behind. Bounded by the duration and the time limit.
/// </summary>
internal sealed class SoakRunner(LoadOptions options, ILoadTarget target)
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(10);

    private readonly Queue<SubscriberSession> _subscribers = new();
    private readonly List<PublisherSession> _publishers = [];
    private readonly List<SoakSample> _samples = [];
    private readonly ProgressBar _progress = new(!options.Quiet);
    private StreamCounters _departed;
    private int _joins, _leaves, _failures, _nextSubscriber;
    private string? _firstError;

    public async Task<SoakReport> RunAsync(CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeSpan.FromSeconds(Math.Max(options.TimeLimitSeconds, options.WarmupSeconds + options.DurationSeconds + 120)));
        var started = DateTimeOffset.UtcNow;
        long start = LoadClock.NowMicros;
        double Minutes() => (LoadClock.NowMicros - start) / 60e6;
        using var pump = new MediaPump();
        StreamCounters counters;
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
            int wanted = options.Publishers * options.SubscribersPerPublisher;
            for (int i = 0; i < wanted; i++) await JoinAsync(limit.Token);

            double total = options.WarmupSeconds + options.DurationSeconds;
            long end = start + (long)(total * 1e6);
            long nextChurn = LoadClock.NowMicros + (long)(options.ChurnSeconds * 1e6);
            long nextSample = LoadClock.NowMicros;
            while (LoadClock.NowMicros < end)
            {
                limit.Token.ThrowIfCancellationRequested();
                long now = LoadClock.NowMicros;
                if (now >= nextSample)
                {
                    if (options.SfuPid is { } pid && SoakSample.Take(pid, Minutes()) is { } sample) _samples.Add(sample);
                    nextSample = now + (long)SampleInterval.TotalMicroseconds;
                }
                if (now >= nextChurn && _subscribers.Count > 0)
                {
                    await LeaveOldestAsync();
                    await JoinAsync(limit.Token);
                    nextChurn = now + (long)(options.ChurnSeconds * 1e6);
                }
                _progress.Update((LoadClock.NowMicros - start) / 1e6, total, $"soak: {_joins} joins, {_leaves} leaves", _subscribers.Count, wanted, null);
                await Task.Delay(200, limit.Token);
            }
        }
        finally
        {
            _progress.Done();
            counters = _departed + Current();
            await CloseAllAsync();
        }
        double minutes = Minutes();
        return Build(started, minutes, counters, await ParticipantsLeftAsync(ct));
    }

    private SoakReport Build(DateTimeOffset started, double minutes, StreamCounters counters, int? left)
    {
        var steady = new List<SoakSample>();
        double warmupMinutes = options.WarmupSeconds / 60;
        foreach (var s in _samples)
            if (s.Minutes >= warmupMinutes) steady.Add(s);
        if (steady.Count < 2) steady = [.. _samples];
        var x = steady.ConvertAll(s => s.Minutes);
        var first = steady.Count > 0 ? steady[0] : default;
        var last = steady.Count > 0 ? steady[^1] : default;
        return new SoakReport(target.Name, started, minutes, options.Publishers * options.SubscribersPerPublisher, options.ChurnSeconds,
            _joins, _leaves, _failures, _firstError, counters.LossFraction * 100, counters.FramesCompleted,
            first.RssBytes / 1048576.0, last.RssBytes / 1048576.0, TrendLine.Slope(x, steady.ConvertAll(s => s.RssBytes / 1024.0)),
            first.Handles, last.Handles, TrendLine.Slope(x, steady.ConvertAll(s => (double)s.Handles)),
            first.Threads, last.Threads, left, _samples);
    }

    private async Task JoinAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ConnectTimeout);
        int index = _nextSubscriber++;
        try
        {
            var session = await target.SubscribeAsync(index % options.Publishers, index / options.Publishers, timeout.Token);
            _subscribers.Enqueue(session);
            _joins++;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            _failures++;
            _firstError ??= $"{ex.GetType().Name}: {ex.Message}";
        }
    }

    private async Task LeaveOldestAsync()
    {
        var oldest = _subscribers.Dequeue();
        _departed += Counters(oldest);
        await oldest.DisposeAsync();
        _leaves++;
    }

    private StreamCounters Current()
    {
        var sum = default(StreamCounters);
        foreach (var s in _subscribers) sum += Counters(s);
        return sum;
    }

    private static StreamCounters Counters(SubscriberSession s) => s.Receiver.Video.Counters + s.Receiver.Audio.Counters;

    private async Task CloseAllAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await Parallel.ForEachAsync(_subscribers, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = timeout.Token },
                async (s, _) => await s.DisposeAsync());
        }
        catch (OperationCanceledException)
        {
            // Whatever is left is timed out by the SFU, and shows below as left behind.
        }
        _subscribers.Clear();
        foreach (var p in _publishers) await p.DisposeAsync();
    }

    /// <summary>
    /// Participants the RtcLive cluster view still lists once every peer has left (polled for up to 10 s, as
    /// leaving is asynchronous); null for targets without such a view.
    /// </summary>
    private async Task<int?> ParticipantsLeftAsync(CancellationToken ct)
    {
        if (target.Name != "rtclive") return null;
        using var http = new HttpClient { BaseAddress = options.EffectiveUrl, Timeout = TimeSpan.FromSeconds(5) };
        int? count = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline && !ct.IsCancellationRequested)
        {
            try
            {
                using var view = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/api/cluster", ct));
                count = 0;
                foreach (var node in view.RootElement.GetProperty("nodes").EnumerateArray()) count += node.GetProperty("participants").GetInt32();
                if (count == 0) return 0;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or KeyNotFoundException)
            {
                // Not readable now: try again until the deadline.
            }
            await Task.Delay(500, ct);
        }
        return count;
    }
}
