using System.Collections.Concurrent;

namespace RtcLive.Hls.Rooms;

/// <summary>
/// Who watches a room over HLS: a client (address and user agent; behind a CDN, the CDN) counts while it asked for
/// a playlist within <see cref="HlsOptions.ViewerTimeout"/>. Players reload playlists every part, so this is fresh.
/// </summary>
public sealed class ViewerTracker(TimeSpan timeout)
{
    private readonly ConcurrentDictionary<string, long> _lastSeen = new(StringComparer.Ordinal);

    public long LastRequestMs { get; private set; } = Environment.TickCount64;

    public void Seen(string client)
    {
        long now = Environment.TickCount64;
        _lastSeen[client] = now;
        LastRequestMs = now;
    }

    /// <summary>Clients seen lately; forgets the others.</summary>
    public int Count()
    {
        long now = Environment.TickCount64;
        int count = 0;
        foreach (var (client, seen) in _lastSeen)
        {
            if (now - seen <= timeout.TotalMilliseconds) count++;
            else _lastSeen.TryRemove(new KeyValuePair<string, long>(client, seen));
        }
        return count;
    }
}
