using RtcLive.Sfu.Media;
using RtcLive.Sfu.Rooms;
using RtcLive.WebRtc.Sdp;

namespace RtcLive.Sfu.Taps;

/// <summary>
/// What a tap may know of, and ask of, a published track: a read-only view of the producer plus a keyframe
/// request, so taps never hold the producer itself.
/// </summary>
public sealed class TappedTrack
{
    private readonly Producer _producer;

    internal TappedTrack(Producer producer) => _producer = producer;

    public string TrackId => _producer.Id;

    public string ParticipantId => _producer.Owner.Id;

    /// <summary>The publisher's role now (it can change while the track lives: a demoted speaker's tracks end).</summary>
    public ParticipantRole Role => _producer.Owner.Role;

    public TrackSource Source => _producer.Source;

    public MediaKind Kind => _producer.Kind;

    /// <summary>The negotiated codec's name (VP8, H264, opus).</summary>
    public string CodecName => _producer.Codec.Name;

    public int ClockRate => _producer.Codec.ClockRate;

    /// <summary>Simulcast layers, lowest first (1 without simulcast).</summary>
    public int LayerCount => _producer.Layers.Count;

    /// <summary>Whether a layer has carried packets lately (a layer the publisher stopped sending is not).</summary>
    public bool IsLayerActive(int layer, long nowMs) =>
        layer >= 0 && layer < _producer.Layers.Count && _producer.Layers[layer].IsActive(nowMs);

    /// <summary>Asks the publisher for a keyframe of one layer (rate-limited like every subscriber's request).</summary>
    public void RequestKeyframe(int layer, long nowMs) => _producer.RequestKeyframe(layer, nowMs);
}
