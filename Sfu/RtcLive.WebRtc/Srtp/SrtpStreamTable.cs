namespace RtcLive.WebRtc.Srtp;

/// <summary>
/// The streams of one context keyed by SSRC, bounded so a peer cannot make a context grow without limit by
/// inventing SSRCs. Beyond the bound new SSRCs are refused (not evicted: evicting an inbound stream would forget
/// its replay window and let its old packets be replayed).
/// </summary>
/// <remarks>A context sees a handful of SSRCs (audio, video layers, RTX), so a linear, vectorised search over a small
/// array beats hashing.</remarks>
internal sealed class SrtpStreamTable
{
    private readonly uint[] _ssrcs;
    private readonly SrtpStream[] _streams;
    private int _count;

    public SrtpStreamTable(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ssrcs = new uint[capacity];
        _streams = new SrtpStream[capacity];
    }

    public int Count => _count;

    public int Capacity => _ssrcs.Length;

    public bool IsFull => _count == _ssrcs.Length;

    public SrtpStream? Find(uint ssrc)
    {
        int i = _ssrcs.AsSpan(0, _count).IndexOf(ssrc);
        return i < 0 ? null : _streams[i];
    }

    /// <summary>Adds a stream for an SSRC not yet in the table; null when the table is full.</summary>
    public SrtpStream? TryAdd(uint ssrc)
    {
        if (IsFull)
            return null;
        var stream = new SrtpStream(ssrc);
        _ssrcs[_count] = ssrc;
        _streams[_count] = stream;
        _count++;
        return stream;
    }

    public bool Remove(uint ssrc)
    {
        int i = _ssrcs.AsSpan(0, _count).IndexOf(ssrc);
        if (i < 0)
            return false;
        _count--;
        _ssrcs[i] = _ssrcs[_count];
        _streams[i] = _streams[_count];
        _streams[_count] = null!;
        return true;
    }
}
