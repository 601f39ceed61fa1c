namespace RtcLive.Sfu.Feedback;

/// <summary>Settings of an <see cref="ActiveSpeakerDetector"/>.</summary>
public sealed record ActiveSpeakerOptions
{
    /// <summary>A participant's level is the average of its speech packets over this long.</summary>
    public long LevelWindowMilliseconds { get; init; } = 300;

    /// <summary>dB by which a challenger must be louder than the current speaker.</summary>
    public int SwitchMarginDecibels { get; init; } = 6;

    /// <summary>How long a challenger must stay ahead (or, with no speaker, keep speaking) to take over.</summary>
    public long SwitchDelayMilliseconds { get; init; } = 500;

    /// <summary>Silence from the current speaker this long clears it.</summary>
    public long SilenceTimeoutMilliseconds { get; init; } = 2000;

    /// <summary>Speech packets remembered per participant: the window at 10 ms packets, with room to spare.</summary>
    public int SamplesPerParticipant { get; init; } = 64;

    /// <exception cref="ArgumentOutOfRangeException">A setting out of range.</exception>
    internal void Validate()
    {
        if (LevelWindowMilliseconds <= 0)
            throw new ArgumentOutOfRangeException(nameof(LevelWindowMilliseconds), LevelWindowMilliseconds, "The window is positive.");
        if (SwitchMarginDecibels < 0)
            throw new ArgumentOutOfRangeException(nameof(SwitchMarginDecibels), SwitchMarginDecibels, "The margin is not negative.");
        if (SwitchDelayMilliseconds < 0 || SilenceTimeoutMilliseconds <= 0)
            throw new ArgumentOutOfRangeException(nameof(SilenceTimeoutMilliseconds), "Delays are not negative, the timeout positive.");
        if (SamplesPerParticipant < 1)
            throw new ArgumentOutOfRangeException(nameof(SamplesPerParticipant), SamplesPerParticipant, "At least one sample.");
    }
}
