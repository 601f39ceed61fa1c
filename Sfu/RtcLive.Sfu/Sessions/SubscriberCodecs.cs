using RtcLive.WebRtc.Sdp;

namespace RtcLive.Sfu.Sessions;

/// <summary>
/// The payload types this node uses toward subscribers. One BUNDLE group may not map a payload type to two
/// codecs (RFC 8843 §9.1), and publishers choose their own numbers, so forwarded packets are renumbered to these.
/// </summary>
internal static class SubscriberCodecs
{
    public static Codec For(Codec published)
    {
        int payloadType = published.Name.ToUpperInvariant() switch
        {
            "OPUS" => 111,
            "VP8" => 96,
            "VP9" => 98,
            "H264" => 102,
            "AV1" => 45,
            _ => published.PayloadType,
        };
        var codec = published.Clone();
        codec.PayloadType = payloadType;
        codec.Feedback.Clear();
        if (published.Name.Equals("opus", StringComparison.OrdinalIgnoreCase))
        {
            codec.Feedback.Add(RtcpFeedback.TransportCc);
        }
        else
        {
            codec.Feedback.Add(RtcpFeedback.GoogRemb);
            codec.Feedback.Add(RtcpFeedback.TransportCc);
            codec.Feedback.Add(RtcpFeedback.CcmFir);
            codec.Feedback.Add(RtcpFeedback.Nack);
            codec.Feedback.Add(RtcpFeedback.NackPli);
        }
        return codec;
    }

    /// <summary>
    /// The rtx payload type offered with a video codec from <see cref="For"/> (Chromium's pairs), or null for audio
    /// and for codecs kept under the publisher's own number, whose neighbour may be taken.
    /// </summary>
    public static byte? RtxPayloadTypeFor(Codec subscriberCodec) => subscriberCodec.Name.ToUpperInvariant() switch
    {
        "VP8" => 97,
        "VP9" => 99,
        "H264" => 103,
        "AV1" => 46,
        _ => null,
    };

    /// <summary>The rtx codec line (<c>rtx/90000</c>, <c>apt</c>) that goes with <paramref name="subscriberCodec"/>.</summary>
    public static Codec Rtx(byte payloadType, Codec subscriberCodec) =>
        DefaultCodecs.Rtx(payloadType, subscriberCodec.PayloadType, subscriberCodec.ClockRate);

    /// <summary>A placeholder codec for an m-line with nothing on it (inactive until reused).</summary>
    public static Codec Idle(MediaKind kind) => kind == MediaKind.Audio ? DefaultCodecs.Opus() : DefaultCodecs.Vp8();
}
