using RtcLive.WebRtc.Sdp;

namespace RtcLive.WebRtc.Client;

/// <summary>What a <see cref="ClientPeer"/> accepts when it answers an offer (<see cref="ClientPeer.AcceptOffer"/>).</summary>
public sealed class ClientAnswerOptions
{
    /// <summary>Audio codecs in order of preference.</summary>
    public IReadOnlyList<CodecCapability> AudioCodecs { get; init; } = [CodecCapability.Opus];

    /// <summary>Video codecs in order of preference.</summary>
    public IReadOnlyList<CodecCapability> VideoCodecs { get; init; } = [CodecCapability.Vp8, CodecCapability.H264ConstrainedBaseline];

    /// <summary>Header extension URIs to accept; the ids are the offer's.</summary>
    public IReadOnlyList<string> HeaderExtensions { get; init; } = AnswerOptions.DefaultHeaderExtensions;

    /// <summary>
    /// Also send where the offer lets us (its <c>sendrecv</c> and <c>recvonly</c> m-lines), each with a new SSRC
    /// (see <see cref="NegotiatedMedia.LocalSsrc"/>). By default we only receive, as a viewer does.
    /// </summary>
    public bool Send { get; init; }
}
