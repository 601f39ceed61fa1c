namespace RtcLive.Sfu.Media;

/// <summary>
/// One received RTP packet as every consumer of its track needs it: parsed once by the producer, then
/// rewritten into each subscriber's own buffer. Lives on the receive thread's stack.
/// </summary>
public readonly ref struct ForwardedPacket
{
    public ForwardedPacket(ReadOnlySpan<byte> payload, ushort sequenceNumber, uint timestamp, uint sourceSsrc, bool marker,
        int layer, bool isKeyframe, byte audioLevel, bool voiceActivity, bool hasAudioLevel)
    {
        Payload = payload;
        SequenceNumber = sequenceNumber;
        Timestamp = timestamp;
        SourceSsrc = sourceSsrc;
        Marker = marker;
        Layer = layer;
        IsKeyframe = isKeyframe;
        AudioLevel = audioLevel;
        VoiceActivity = voiceActivity;
        HasAudioLevel = hasAudioLevel;
    }

    /// <summary>The RTP payload without padding.</summary>
    public ReadOnlySpan<byte> Payload { get; }
    public ushort SequenceNumber { get; }
    public uint Timestamp { get; }
    public uint SourceSsrc { get; }
    public bool Marker { get; }

    /// <summary>Simulcast layer index (0 = lowest); 0 for a track without simulcast.</summary>
    public int Layer { get; }

    /// <summary>True for the first packet of a keyframe (every audio packet counts as one).</summary>
    public bool IsKeyframe { get; }

    public byte AudioLevel { get; }
    public bool VoiceActivity { get; }
    public bool HasAudioLevel { get; }
}
