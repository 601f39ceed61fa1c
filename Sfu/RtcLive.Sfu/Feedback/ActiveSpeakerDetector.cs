namespace RtcLive.Sfu.Feedback;

/// <summary>
/// Decides a room's dominant speaker from the audio-level header extension (RFC 6464), without decoding
/// audio. Each participant's level is the average of its speech packets over the last 300 ms. The speaker
/// changes with hysteresis, so a cough or a short interjection does not flip the video layout: a
/// challenger takes over after being louder than the current speaker by a margin (or, with no current
/// speaker, speaking at all) in every check for at least 500 ms; 2 s of silence from the current speaker
/// clears it. The smoothed level trails speech by up to 300 ms, so a loud interjection leads for about
/// that much longer than it lasts: one of 200 ms never takes over, one of 400 ms may.
/// <para>
/// Participants are registered and unregistered explicitly; the per-packet path
/// (<see cref="OnAudioLevel"/>) does a dictionary lookup and writes into fixed buffers, allocating nothing.
/// Hysteresis is judged at each <see cref="TryGetChange"/>, which the room calls periodically (every
/// 100–200 ms). Not thread-safe: the room's media loop owns it.
/// </para>
/// </summary>
public sealed class ActiveSpeakerDetector
{
    private readonly ActiveSpeakerOptions _options;
    private readonly Dictionary<string, SpeakerLevels> _byId = new(StringComparer.Ordinal);
    private readonly List<SpeakerLevels> _participants = [];
    private SpeakerLevels? _current;
    private SpeakerLevels? _reported;
    private SpeakerLevels? _challenger;
    private long _challengerSinceMilliseconds;

    /// <exception cref="ArgumentOutOfRangeException">Options out of range.</exception>
    public ActiveSpeakerDetector(ActiveSpeakerOptions? options = null)
    {
        _options = options ?? new ActiveSpeakerOptions();
        _options.Validate();
    }

    /// <summary>The dominant speaker now, or null.</summary>
    public string? CurrentSpeakerId => _current?.ParticipantId;

    public int ParticipantCount => _participants.Count;

    /// <summary>Starts tracking a participant; false if it is already registered.</summary>
    public bool Register(string participantId)
    {
        ArgumentNullException.ThrowIfNull(participantId);
        if (_byId.ContainsKey(participantId))
            return false;
        var levels = new SpeakerLevels(participantId, _options.SamplesPerParticipant);
        _byId.Add(participantId, levels);
        _participants.Add(levels);
        return true;
    }

    /// <summary>Stops tracking a participant; if it was the speaker, the speaker is cleared. False if unknown.</summary>
    public bool Unregister(string participantId)
    {
        if (!_byId.Remove(participantId, out SpeakerLevels? levels))
            return false;
        _participants.Remove(levels);
        if (_current == levels)
            _current = null;
        if (_challenger == levels)
            _challenger = null;
        return true;
    }

    /// <summary>Takes in one audio packet's level (0 loudest … 127 silence) and voice-activity flag. False for an unregistered participant.</summary>
    public bool OnAudioLevel(string participantId, byte level, bool voiceActivity, long nowMilliseconds)
    {
        if (!_byId.TryGetValue(participantId, out SpeakerLevels? levels))
            return false;
        levels.OnAudioLevel(level, voiceActivity, nowMilliseconds);
        return true;
    }

    /// <summary>
    /// Re-judges the speaker; true when it differs from what the previous true call reported, with the
    /// new speaker (null when cleared) to broadcast.
    /// </summary>
    public bool TryGetChange(long nowMilliseconds, out string? speakerId)
    {
        if (_current is not null && nowMilliseconds - _current.LastSpeechMilliseconds >= _options.SilenceTimeoutMilliseconds)
            _current = null;

        SpeakerLevels? loudest = Loudest(nowMilliseconds, out double loudestLevel);
        if (loudest is not null && Leads(loudestLevel, nowMilliseconds))
        {
            if (_challenger != loudest)
            {
                _challenger = loudest;
                _challengerSinceMilliseconds = nowMilliseconds;
            }
            else if (nowMilliseconds - _challengerSinceMilliseconds >= _options.SwitchDelayMilliseconds)
            {
                _current = loudest;
                _challenger = null;
            }
        }
        else
        {
            _challenger = null;
        }

        speakerId = _current?.ParticipantId;
        if (_current == _reported)
            return false;
        _reported = _current;
        return true;
    }

    /// <summary>The participant other than the current speaker with the loudest (lowest) average level now.</summary>
    private SpeakerLevels? Loudest(long nowMilliseconds, out double loudestLevel)
    {
        SpeakerLevels? loudest = null;
        loudestLevel = double.MaxValue;
        foreach (SpeakerLevels participant in _participants)
        {
            if (participant == _current
                || !participant.TryGetAverageLevel(nowMilliseconds, _options.LevelWindowMilliseconds, out double level))
                continue;
            if (level < loudestLevel)
            {
                loudest = participant;
                loudestLevel = level;
            }
        }
        return loudest;
    }

    private bool Leads(double challengerLevel, long nowMilliseconds)
    {
        if (_current is null
            || !_current.TryGetAverageLevel(nowMilliseconds, _options.LevelWindowMilliseconds, out double currentLevel))
            return true; // no speaker, or the speaker is quiet right now
        return challengerLevel + _options.SwitchMarginDecibels <= currentLevel;
    }
}
