using RtcLive.Sfu.Forwarding;
using RtcLive.Sfu.Media;
using RtcLive.WebRtc.Sdp;

namespace RtcLive.Sfu.Sessions;

/// <summary>
/// One m-line of a playback-only subscriber whose offer we answered (WHEP): its SSRC and codec are fixed in our
/// answer before any producer exists, so whichever producer fills it later continues the same output stream.
/// </summary>
internal sealed class PlaybackSlot(string mid, MediaKind kind, uint ssrc, Codec codec, SubscriberExtensionIds extensions)
{
    public string Mid { get; } = mid;
    public MediaKind Kind { get; } = kind;
    public uint Ssrc { get; } = ssrc;
    public Codec Codec { get; } = codec;
    public SubscriberExtensionIds Extensions { get; } = extensions;

    /// <summary>Outlives consumers: a presenter who republishes continues the subscriber's stream, no jump.</summary>
    public RtpStreamRewriter Rewriter { get; } = new(ssrc, codec.ClockRate, rewriteVp8: codec.Name.Equals("VP8", StringComparison.OrdinalIgnoreCase),
        historySize: RtpStreamRewriter.HistorySizeFor(kind));

    public Consumer? Consumer { get; set; }
}
