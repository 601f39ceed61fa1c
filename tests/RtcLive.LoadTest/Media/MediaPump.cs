namespace RtcLive.LoadTest.Media;

/// <summary>
/// One thread that drives every publisher: video frames at 30 per second and audio at 50 per second, publishers
/// staggered across the frame interval as independent browsers would be. A dedicated thread, not timers: the
/// thread pool is busy with hundreds of peers and its timers would add jitter we would then measure as delay.
/// </summary>
internal sealed class MediaPump : IDisposable
{
    private const long VideoIntervalMicros = 1_000_000 / FrameSizeModel.FramesPerSecond;
    private const long AudioIntervalMicros = 20_000;

    private readonly List<Entry> _entries = [];
    private readonly object _gate = new();
    private readonly Thread _thread;
    private volatile bool _stopping;

    public MediaPump()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "media pump", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    public void Add(PublisherStreams streams)
    {
        lock (_gate)
        {
            long now = LoadClock.NowMicros;
            // Stagger: publisher k starts k/8 of a frame later than publisher 0 (mod one frame).
            long offset = _entries.Count * VideoIntervalMicros / 8 % VideoIntervalMicros;
            _entries.Add(new Entry(streams, now + offset, now + offset % AudioIntervalMicros));
        }
    }

    private void Run()
    {
        while (!_stopping)
        {
            long now = LoadClock.NowMicros;
            long next = now + 5_000;
            lock (_gate)
            {
                foreach (var entry in _entries)
                {
                    // Catch up at most a few ticks: after a stall the generator sends late, not a burst of old frames.
                    if (now - entry.NextVideo > 4 * VideoIntervalMicros) entry.NextVideo = now;
                    if (now - entry.NextAudio > 4 * AudioIntervalMicros) entry.NextAudio = now;
                    while (entry.NextVideo <= now)
                    {
                        entry.Streams.SendVideoFrame(entry.VideoFrame++);
                        entry.NextVideo += VideoIntervalMicros;
                    }
                    while (entry.NextAudio <= now)
                    {
                        entry.Streams.SendAudio(entry.AudioPacket++);
                        entry.NextAudio += AudioIntervalMicros;
                    }
                    next = Math.Min(next, Math.Min(entry.NextVideo, entry.NextAudio));
                }
            }
            long wait = next - LoadClock.NowMicros;
            if (wait > 1_000) Thread.Sleep((int)(wait / 1_000));
            else if (wait > 0) Thread.Yield();
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _thread.Join(TimeSpan.FromSeconds(2));
    }

    private sealed class Entry(PublisherStreams streams, long nextVideo, long nextAudio)
    {
        public PublisherStreams Streams { get; } = streams;
        public long NextVideo { get; set; } = nextVideo;
        public long NextAudio { get; set; } = nextAudio;
        public long VideoFrame { get; set; }
        public long AudioPacket { get; set; }
    }
}
