namespace RtcLive.Sfu.Node;

/// <summary>
/// Participants and tracks on the node in all rooms, counted against <see cref="SfuLimits"/>. Rooms reserve before they
/// add and release when they remove, each under its own lock, so the node-wide counts need atomic reservations.
/// </summary>
public sealed class NodeUsage(SfuLimits limits)
{
    private int _participants;
    private int _tracks;
    private long _refusedParticipants;
    private long _refusedTracks;

    public int Participants => Volatile.Read(ref _participants);

    public int Tracks => Volatile.Read(ref _tracks);

    /// <summary>Joins refused because the node held <see cref="SfuLimits.MaxParticipantsPerNode"/>.</summary>
    public long RefusedParticipants => Interlocked.Read(ref _refusedParticipants);

    /// <summary>Publishes refused because the node held <see cref="SfuLimits.MaxTracksPerNode"/>.</summary>
    public long RefusedTracks => Interlocked.Read(ref _refusedTracks);

    public bool TryAddParticipant()
    {
        if (TryAdd(ref _participants, 1, limits.MaxParticipantsPerNode)) return true;
        Interlocked.Increment(ref _refusedParticipants);
        return false;
    }

    public void RemoveParticipant() => Interlocked.Decrement(ref _participants);

    public bool TryAddTracks(int count)
    {
        if (count <= 0 || TryAdd(ref _tracks, count, limits.MaxTracksPerNode)) return true;
        Interlocked.Increment(ref _refusedTracks);
        return false;
    }

    public void RemoveTracks(int count)
    {
        if (count > 0) Interlocked.Add(ref _tracks, -count);
    }

    private static bool TryAdd(ref int counter, int count, int max)
    {
        while (true)
        {
            int current = Volatile.Read(ref counter);
            if (current + count > max) return false;
            if (Interlocked.CompareExchange(ref counter, current + count, current) == current) return true;
        }
    }
}
