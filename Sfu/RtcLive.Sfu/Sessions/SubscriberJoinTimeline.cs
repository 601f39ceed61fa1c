namespace RtcLive.Sfu.Sessions;

/// <summary>
/// When each step of a subscriber's join happened on the node, as Unix milliseconds (wall clock, so a page on
/// the same machine can place them on its own timeline): the participant joined, the first offer was made, its
/// answer applied (the transport exists from then on), the first authentic ICE check, DTLS done, keyframes
/// asked of the publishers, the first video packet sent. Each step is recorded once (the first time); a
/// renegotiation or reconnect does not move it.
/// </summary>
/// <remarks>Steps are written from the control plane, the receive thread and DTLS threads: each is one
/// compare-and-swap on its own field.</remarks>
public sealed class SubscriberJoinTimeline
{
    /// <summary>The step names, in the order they happen.</summary>
    public static readonly IReadOnlyList<string> Steps =
        ["node-joined", "offer-made", "answer-applied", "ice-checked", "dtls-connected", "keyframe-requested", "first-video-sent"];

    internal const int NodeJoined = 0;
    internal const int OfferMade = 1;
    internal const int AnswerApplied = 2;
    internal const int IceChecked = 3;
    internal const int DtlsConnected = 4;
    internal const int KeyframeRequested = 5;
    internal const int FirstVideoSent = 6;

    private readonly long[] _unixMs = new long[7];
    private readonly TimeProvider _time;

    internal SubscriberJoinTimeline(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        Record(NodeJoined);
    }

    /// <summary>Raised once, on the thread that sent it, when the first video packet went out.</summary>
    internal event Action<SubscriberJoinTimeline>? Completed;

    /// <summary>Records a step unless it was recorded before; true when this call recorded it.</summary>
    internal bool Record(int step)
    {
        long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        if (Interlocked.CompareExchange(ref _unixMs[step], now, 0) != 0) return false;
        if (step == FirstVideoSent) Completed?.Invoke(this);
        return true;
    }

    /// <summary>The step's time in Unix ms, or null while it has not happened.</summary>
    public long? At(int step)
    {
        long v = Volatile.Read(ref _unixMs[step]);
        return v == 0 ? null : v;
    }

    /// <summary>True once a video packet went out to the subscriber.</summary>
    public bool SentVideo => At(FirstVideoSent) is not null;

    /// <summary>The steps that happened as <c>step +ms</c> since joining, for logs: where a join stopped shows here.</summary>
    public string Describe()
    {
        var steps = Snapshot();
        return steps.Count == 0 ? "" : string.Join(", ", steps.Select(s => $"{s.Step} +{s.UnixMs - steps[0].UnixMs}"));
    }

    /// <summary>The steps that happened, in the order of <see cref="Steps"/>, with their Unix ms.</summary>
    public IReadOnlyList<(string Step, long UnixMs)> Snapshot()
    {
        var list = new List<(string, long)>(_unixMs.Length);
        for (int i = 0; i < _unixMs.Length; i++)
            if (At(i) is { } at) list.Add((Steps[i], at));
        return list;
    }
}
