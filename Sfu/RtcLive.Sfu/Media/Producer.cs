using RtcLive.Sfu.Rooms;
using RtcLive.Sfu.Taps;
using RtcLive.WebRtc.Codecs;
using RtcLive.WebRtc.Rtp;
using RtcLive.WebRtc.Sdp;

namespace RtcLive.Sfu.Media;

/// <summary>
/// A track a participant publishes (mediasoup's Producer): its layers, the packet caches that answer NACKs,
/// and the consumers it fans out to. Packets arrive on the media receive thread; consumers are added and
/// removed by the control plane, which swaps the array the receive thread reads, so forwarding takes no lock.
/// </summary>
public sealed class Producer
{
    private readonly object _consumersGate = new();
    private Consumer[] _consumers = [];
    private IMediaTap[] _taps = [];
    private TappedTrack? _tapped;

    internal Producer(string id, Participant owner, TrackSource source, MediaKind kind, string mid, Codec codec,
        IReadOnlyList<string> rids, int cacheSize)
    {
        Id = id;
        Owner = owner;
        Source = source;
        Kind = kind;
        Mid = mid;
        Codec = codec;
        var layers = new ProducerLayer[Math.Max(1, rids.Count)];
        for (int i = 0; i < layers.Length; i++)
            layers[i] = new ProducerLayer(i, rids.Count > 0 ? rids[i] : null, cacheSize);
        Layers = layers;
    }

    public string Id { get; }
    public Participant Owner { get; }
    public TrackSource Source { get; }
    public MediaKind Kind { get; }

    /// <summary>The publisher's mid for this track.</summary>
    public string Mid { get; }

    public Codec Codec { get; }

    /// <summary>Lowest quality first; one layer unless the publisher sends simulcast.</summary>
    public IReadOnlyList<ProducerLayer> Layers { get; }

    public bool IsSimulcast => Layers.Count > 1;

    /// <summary>Nothing is forwarded while muted: the publisher muted it, or a moderator did.</summary>
    public bool Muted
    {
        get => Volatile.Read(ref _muted);
        internal set => Volatile.Write(ref _muted, value);
    }

    private bool _muted;

    public bool IsVp8 => Codec.Name.Equals("VP8", StringComparison.OrdinalIgnoreCase);

    public IReadOnlyList<Consumer> Consumers => Volatile.Read(ref _consumers);

    internal void AddConsumer(Consumer consumer)
    {
        lock (_consumersGate)
        {
            var next = new Consumer[_consumers.Length + 1];
            _consumers.CopyTo(next, 0);
            next[^1] = consumer;
            Volatile.Write(ref _consumers, next);
        }
    }

    internal void RemoveConsumer(Consumer consumer)
    {
        lock (_consumersGate)
        {
            int at = Array.IndexOf(_consumers, consumer);
            if (at < 0) return;
            var next = new Consumer[_consumers.Length - 1];
            Array.Copy(_consumers, 0, next, 0, at);
            Array.Copy(_consumers, at + 1, next, at, _consumers.Length - at - 1);
            Volatile.Write(ref _consumers, next);
        }
    }

    /// <summary>Taps (the embedded HLS worker) read the track like a consumer, swapped in the same lock-free way.</summary>
    internal void AddTap(IMediaTap tap)
    {
        lock (_consumersGate)
        {
            if (Array.IndexOf(_taps, tap) >= 0) return;
            _tapped ??= new TappedTrack(this);
            Volatile.Write(ref _taps, [.. _taps, tap]);
        }
    }

    internal void RemoveTap(IMediaTap tap)
    {
        lock (_consumersGate) Volatile.Write(ref _taps, Array.FindAll(_taps, t => t != tap));
    }

    /// <summary>The track is gone: every tap hears it once, and none stays attached.</summary>
    internal void EndTaps()
    {
        IMediaTap[] taps;
        lock (_consumersGate)
        {
            taps = _taps;
            Volatile.Write(ref _taps, []);
        }
        foreach (var tap in taps) tap.OnTrackEnded(_tapped!);
    }

    /// <summary>A decrypted packet of <paramref name="layer"/>: cached, measured, then fanned out.</summary>
    internal void OnRtp(ReadOnlySpan<byte> packet, in RtpHeader header, ProducerLayer layer, in RtpExtensionMap extensions, long nowMs)
    {
        layer.OnPacket(packet, nowMs);
        if (Muted) return;

        var payload = header.Payload;
        bool keyframe = Kind == MediaKind.Audio || IsKeyframe(payload);
        if (keyframe && Kind == MediaKind.Video) layer.OnKeyframePacket(nowMs);
        bool hasLevel = extensions.TryGetAudioLevel(header, out bool voice, out byte level);
        var forwarded = new ForwardedPacket(payload, header.SequenceNumber, header.Timestamp, header.Ssrc, header.Marker,
            layer.Index, keyframe, level, voice, hasLevel);

        var consumers = Volatile.Read(ref _consumers);
        for (int i = 0; i < consumers.Length; i++)
            consumers[i].Forward(forwarded, nowMs);
        var taps = Volatile.Read(ref _taps);
        for (int i = 0; i < taps.Length; i++)
            taps[i].OnRtp(_tapped!, forwarded);
        if (hasLevel) Owner.Room.OnAudioLevel(Owner, level, voice, nowMs);
    }

    private bool IsKeyframe(ReadOnlySpan<byte> payload)
    {
        if (IsVp8) return Vp8PayloadDescriptor.TryParse(payload, out var descriptor) && descriptor.IsKeyFrame;
        if (Codec.Name.Equals("H264", StringComparison.OrdinalIgnoreCase)) return H264Payload.IsKeyFrame(payload);
        return false;
    }

    /// <summary>
    /// Asks the publisher for a keyframe of one layer now, past the limiter: for a subscriber whose own request
    /// was answered before it could receive (see SubscribeSession), once per join.
    /// </summary>
    internal void ForceKeyframe(int layerIndex, long nowMs)
    {
        var layer = Layers[Math.Clamp(layerIndex, 0, Layers.Count - 1)];
        if (layer.Ssrc is not { } ssrc) return;
        layer.KeyframeLimiter.ForceRequest(nowMs);
        Owner.Publisher?.SendPictureLossIndication(ssrc);
    }

    /// <summary>Asks the publisher for a keyframe of one layer, at most once per limiter interval.</summary>
    internal void RequestKeyframe(int layerIndex, long nowMs)
    {
        var layer = Layers[Math.Clamp(layerIndex, 0, Layers.Count - 1)];
        if (layer.Ssrc is { } ssrc && layer.KeyframeLimiter.TryRequest(nowMs))
            Owner.Publisher?.SendPictureLossIndication(ssrc);
    }
}
