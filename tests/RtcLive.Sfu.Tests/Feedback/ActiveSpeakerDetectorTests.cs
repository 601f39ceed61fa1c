using RtcLive.Sfu.Feedback;

namespace RtcLive.Sfu.Tests.Feedback;

/// <summary>
/// Drives the detector as a room would: 20 ms audio packets per participant and a check every 100 ms.
/// </summary>
public class ActiveSpeakerDetectorTests
{
    private readonly ActiveSpeakerDetector _detector = new();
    private readonly List<(long AtMs, string? SpeakerId)> _changes = [];
    private long _now;

    public ActiveSpeakerDetectorTests()
    {
        _detector.Register("alice");
        _detector.Register("bob");
        _detector.Register("carol");
    }

    /// <summary>Runs for a while; <paramref name="levels"/> gives each speaking participant's level (others send silence, 127).</summary>
    private void Run(long durationMs, params (string Id, byte Level)[] levels)
    {
        long end = _now + durationMs;
        while (_now < end)
        {
            _now += 20;
            foreach (string id in new[] { "alice", "bob", "carol" })
            {
                byte level = 127;
                foreach (var (speaker, speakerLevel) in levels)
                    if (speaker == id)
                        level = speakerLevel;
                _detector.OnAudioLevel(id, level, voiceActivity: level < 127, _now);
            }
            if (_now % 100 == 0 && _detector.TryGetChange(_now, out string? speaker2))
                _changes.Add((_now, speaker2));
        }
    }

    [Fact]
    public void A_lone_speaker_takes_over_after_half_a_second()
    {
        Run(1_000, ("alice", 30));
        var change = Assert.Single(_changes);
        Assert.Equal("alice", change.SpeakerId);
        Assert.InRange(change.AtMs, 600, 700); // first heard at the 100 ms check, confirmed 500 ms later
        Assert.Equal("alice", _detector.CurrentSpeakerId);
    }

    [Fact]
    public void A_challenger_only_slightly_louder_does_not_take_over()
    {
        Run(1_000, ("alice", 30));
        Run(3_000, ("alice", 30), ("bob", 26)); // 4 dB louder: under the 6 dB margin
        Assert.Equal("alice", _detector.CurrentSpeakerId);
        Assert.Single(_changes);
    }

    [Fact]
    public void A_short_loud_interjection_does_not_take_over()
    {
        Run(1_000, ("alice", 30));
        Run(200, ("alice", 30), ("bob", 15)); // with the 300 ms smoothing it leads for under 500 ms
        Run(2_000, ("alice", 30));
        Assert.Equal("alice", _detector.CurrentSpeakerId);
        Assert.Single(_changes);
    }

    [Fact]
    public void A_clearly_louder_challenger_takes_over_after_half_a_second()
    {
        Run(1_000, ("alice", 30));
        long start = _now;
        Run(1_000, ("alice", 30), ("bob", 20));
        Assert.Equal(2, _changes.Count);
        Assert.Equal("bob", _changes[1].SpeakerId);
        Assert.InRange(_changes[1].AtMs - start, 500, 700);
    }

    [Fact]
    public void When_the_speaker_goes_quiet_another_takes_over_even_if_softer()
    {
        Run(1_000, ("alice", 20));
        Run(1_000, ("bob", 45));
        Assert.Equal("bob", _detector.CurrentSpeakerId);
    }

    [Fact]
    public void Two_seconds_of_silence_clear_the_speaker()
    {
        Run(1_000, ("alice", 30));
        long lastSpeech = _now;
        Run(3_000);
        Assert.Equal(2, _changes.Count);
        Assert.Null(_changes[1].SpeakerId);
        Assert.InRange(_changes[1].AtMs - lastSpeech, 2_000, 2_100);
        Assert.Null(_detector.CurrentSpeakerId);
    }

    [Fact]
    public void Noise_without_voice_activity_is_not_speech_once_the_sender_uses_the_flag()
    {
        _detector.OnAudioLevel("alice", 30, voiceActivity: true, 0); // alice's sender sets the flag
        for (long t = 20; t < 2_000; t += 20)
        {
            _detector.OnAudioLevel("alice", 50, voiceActivity: false, t); // steady background noise
            _detector.TryGetChange(t, out _);
        }
        Assert.Null(_detector.CurrentSpeakerId);

        // A sender that never sets the flag is judged by level alone.
        for (long t = 2_000; t < 3_000; t += 20)
        {
            _detector.OnAudioLevel("carol", 40, voiceActivity: false, t);
            _detector.TryGetChange(t, out _);
        }
        Assert.Equal("carol", _detector.CurrentSpeakerId);
    }

    [Fact]
    public void Unregistering_the_speaker_reports_it_gone()
    {
        Run(1_000, ("alice", 30));
        Assert.True(_detector.Unregister("alice"));
        Assert.False(_detector.Unregister("alice"));
        Assert.True(_detector.TryGetChange(_now, out string? speaker));
        Assert.Null(speaker);
        Assert.False(_detector.OnAudioLevel("alice", 10, true, _now));
        Assert.Equal(2, _detector.ParticipantCount);
    }

    [Fact]
    public void Registering_twice_is_refused_and_unknown_participants_are_ignored()
    {
        Assert.False(_detector.Register("alice"));
        Assert.False(_detector.OnAudioLevel("mallory", 0, true, 0));
        Assert.False(_detector.TryGetChange(0, out string? speaker));
        Assert.Null(speaker);
    }
}
