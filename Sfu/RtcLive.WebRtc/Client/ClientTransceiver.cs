using RtcLive.WebRtc.Sdp;

namespace RtcLive.WebRtc.Client;

/// <summary>
/// One m-line a <see cref="ClientPeer"/> offers, as <c>RTCPeerConnection.addTransceiver</c> would: what kind of
/// media, which way, and for what it sends, the SSRCs (or simulcast rids) it will use.
/// </summary>
public sealed class ClientTransceiver
{
    public ClientTransceiver(MediaKind kind, MediaDirection direction = MediaDirection.SendRecv)
    {
        if (kind is not (MediaKind.Audio or MediaKind.Video))
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "only audio and video transceivers can be offered");
        Kind = kind;
        Direction = direction;
    }

    public MediaKind Kind { get; }

    /// <summary>Our direction: <c>sendrecv</c>, <c>sendonly</c> (publish), <c>recvonly</c> (subscribe).</summary>
    public MediaDirection Direction { get; }

    /// <summary>The mid; null numbers the m-lines <c>0</c>, <c>1</c>, ... by position.</summary>
    public string? Mid { get; init; }

    /// <summary>The SSRC of what we send without simulcast; null picks a random one when the direction sends.</summary>
    public uint? Ssrc { get; init; }

    /// <summary>The SSRC of our retransmissions, announced when rtx is offered; null picks a random one.</summary>
    public uint? RtxSsrc { get; init; }

    /// <summary>Rids of simulcast layers we send, lowest first; SSRCs are then not signalled (RFC 8853).</summary>
    public IReadOnlyList<string> SimulcastRids { get; init; } = [];

    /// <summary>Codecs for this m-line; null offers <see cref="DefaultCodecs"/> for the kind (Opus; VP8 with rtx).</summary>
    public IReadOnlyList<Codec>? Codecs { get; init; }
}
