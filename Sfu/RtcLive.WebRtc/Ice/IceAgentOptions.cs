namespace RtcLive.WebRtc.Ice;

/// <summary>Timing of <see cref="IceControllingAgent"/>; the defaults suit a client talking to an ICE-lite server.</summary>
public sealed class IceAgentOptions
{
    /// <summary>First retransmission of an unanswered check after this long; doubled each time up to <see cref="MaxRtoMs"/>.</summary>
    public int InitialRtoMs { get; init; } = 50;

    public int MaxRtoMs { get; init; } = 200;

    /// <summary>A pair is given up this long after its first check; the agent fails when every pair has.</summary>
    public long CheckTimeoutMs { get; init; } = 10_000;

    /// <summary>RFC 7675 §5.1: a consent check on the selected pair every 5 s.</summary>
    public long ConsentIntervalMs { get; init; } = 5_000;

    /// <summary>RFC 7675 §5.1: without an answer to a consent check for 30 s, stop sending.</summary>
    public long ConsentTimeoutMs { get; init; } = 30_000;

    /// <summary>Local preference in our candidate priority (RFC 8445 §5.1.2.1).</summary>
    public ushort LocalPreference { get; init; } = IceCandidatePriority.DefaultLocalPreference;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(InitialRtoMs, 0, nameof(InitialRtoMs));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRtoMs, InitialRtoMs, nameof(MaxRtoMs));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(CheckTimeoutMs, 0, nameof(CheckTimeoutMs));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ConsentIntervalMs, 0, nameof(ConsentIntervalMs));
        ArgumentOutOfRangeException.ThrowIfLessThan(ConsentTimeoutMs, ConsentIntervalMs, nameof(ConsentTimeoutMs));
    }
}
