namespace RtcLive.Sfu.Feedback;

/// <summary>
/// One participant's recent speech for the <see cref="ActiveSpeakerDetector"/>: a fixed ring of the
/// levels (−dBov, 0 loudest) of its speech packets with their times, and when it last spoke.
/// </summary>
internal sealed class SpeakerLevels
{
    private readonly long[] _times;
    private readonly byte[] _levels;
    private int _next;
    private int _count;
    private bool _senderSetsVoiceActivity;

    public SpeakerLevels(string participantId, int capacity)
    {
        ParticipantId = participantId;
        _times = new long[capacity];
        _levels = new byte[capacity];
    }

    public string ParticipantId { get; }

    /// <summary>When the last speech packet came; long.MinValue before the first.</summary>
    public long LastSpeechMilliseconds { get; private set; } = long.MinValue;

    /// <summary>
    /// Takes in one audio packet's level. Speech is a level under 127 (silence); once the sender has set the
    /// voice-activity flag on any packet, it also needs the flag, since such a sender clears it on noise.
    /// Senders that never set it are judged by level alone.
    /// </summary>
    public void OnAudioLevel(byte level, bool voiceActivity, long nowMilliseconds)
    {
        if (voiceActivity)
            _senderSetsVoiceActivity = true;
        if (level >= 127 || (_senderSetsVoiceActivity && !voiceActivity))
            return;
        _times[_next] = nowMilliseconds;
        _levels[_next] = level;
        _next = (_next + 1) % _times.Length;
        _count = Math.Min(_count + 1, _times.Length);
        LastSpeechMilliseconds = nowMilliseconds;
    }

    /// <summary>The average level of the speech packets of the last <paramref name="windowMilliseconds"/>; false when there were none.</summary>
    public bool TryGetAverageLevel(long nowMilliseconds, long windowMilliseconds, out double level)
    {
        int sum = 0, n = 0;
        for (int i = 0; i < _count; i++)
        {
            int index = (_next - 1 - i + _times.Length) % _times.Length;
            if (_times[index] <= nowMilliseconds - windowMilliseconds)
                break; // newest first, so the rest are older still
            sum += _levels[index];
            n++;
        }
        level = n == 0 ? 127 : (double)sum / n;
        return n > 0;
    }
}
