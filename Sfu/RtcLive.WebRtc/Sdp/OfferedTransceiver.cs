namespace RtcLive.WebRtc.Sdp;

/// <summary>One m-line of an offer written by <see cref="SdpOfferBuilder"/>: a transceiver in WebRTC terms.</summary>
public sealed class OfferedTransceiver
{
    public OfferedTransceiver(MediaKind kind, MediaDirection direction = MediaDirection.SendRecv)
    {
        if (kind is not (MediaKind.Audio or MediaKind.Video))
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "only audio and video transceivers can be offered");
        Kind = kind;
        Direction = direction;
    }

    public MediaKind Kind { get; }

    public MediaDirection Direction { get; }

    /// <summary>The mid; null numbers the m-lines <c>0</c>, <c>1</c>, ... by position.</summary>
    public string? Mid { get; init; }

    /// <summary>The track sent, when the direction sends: msid and, without simulcast, SSRC lines.</summary>
    public LocalTrack? Track { get; init; }

    /// <summary>Rids of simulcast layers to send, lowest first (<c>a=rid:q send</c>... and <c>a=simulcast:send q;h;f</c>).</summary>
    public IReadOnlyList<string> SimulcastRids { get; init; } = [];

    /// <summary>Codecs for this m-line; null uses the offer's defaults for the kind.</summary>
    public IReadOnlyList<Codec>? Codecs { get; init; }
}
