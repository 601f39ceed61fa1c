using System.Collections.Concurrent;
using RtcLive.Sfu.Media;

namespace RtcLive.Sfu.Taps;

/// <summary>
/// The node's taps, by room id. A tap attached before the room exists (an HLS viewer waiting for the class) is
/// attached to every track the room publishes later; detaching stops delivery at once.
/// </summary>
public sealed class MediaTapRegistry
{
    private readonly ConcurrentDictionary<string, IMediaTap[]> _byRoom = new(StringComparer.Ordinal);
    private readonly Func<string, IEnumerable<Producer>> _producersOf;

    internal MediaTapRegistry(Func<string, IEnumerable<Producer>> producersOf) => _producersOf = producersOf;

    /// <summary>Taps every track of <paramref name="room"/>, now and later; dispose the result to stop.</summary>
    public IDisposable Attach(string room, IMediaTap tap)
    {
        _byRoom.AddOrUpdate(room, _ => [tap], (_, taps) => [.. taps, tap]);
        foreach (var producer in _producersOf(room)) producer.AddTap(tap);
        return new Detacher(this, room, tap);
    }

    /// <summary>A track was published: the room's taps see it from its first packet.</summary>
    internal void OnPublished(string room, Producer producer)
    {
        if (!_byRoom.TryGetValue(room, out var taps)) return;
        foreach (var tap in taps) producer.AddTap(tap);
    }

    private void Detach(string room, IMediaTap tap)
    {
        while (_byRoom.TryGetValue(room, out var taps))
        {
            var rest = Array.FindAll(taps, t => t != tap);
            bool done = rest.Length == 0
                ? _byRoom.TryRemove(new KeyValuePair<string, IMediaTap[]>(room, taps))
                : _byRoom.TryUpdate(room, rest, taps);
            if (done) break;
        }
        foreach (var producer in _producersOf(room)) producer.RemoveTap(tap);
    }

    private sealed class Detacher(MediaTapRegistry registry, string room, IMediaTap tap) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) registry.Detach(room, tap);
        }
    }
}
