namespace RtcLive.WebRtc.Sdp;

/// <summary>What this endpoint brings to an answer: its transport identity and its media capabilities.</summary>
public sealed class AnswerOptions
{
    /// <summary>The header extensions an SFU needs: BUNDLE/simulcast demultiplexing and congestion control.</summary>
    public static readonly IReadOnlyList<string> DefaultHeaderExtensions =
    [
        HeaderExtensionUris.SdesMid,
        HeaderExtensionUris.RtpStreamId,
        HeaderExtensionUris.RepairedRtpStreamId,
        HeaderExtensionUris.AbsSendTime,
        HeaderExtensionUris.TransportWideCc,
        HeaderExtensionUris.AudioLevel,
    ];

    public static readonly IReadOnlyList<RtcpFeedback> DefaultFeedback =
    [
        RtcpFeedback.Nack,
        RtcpFeedback.NackPli,
        RtcpFeedback.CcmFir,
        RtcpFeedback.GoogRemb,
        RtcpFeedback.TransportCc,
    ];

    public required SdpIceCredentials IceCredentials { get; init; }

    /// <summary>The fingerprint of this endpoint's DTLS certificate.</summary>
    public required SdpFingerprint Fingerprint { get; init; }

    /// <summary>Write <c>a=ice-lite</c>: this endpoint only answers connectivity checks (an SFU).</summary>
    public bool IceLite { get; init; } = true;

    /// <summary>The <c>a=candidate</c> values to announce (text after <c>candidate:</c>), put in every accepted m-line.</summary>
    public IReadOnlyList<string> Candidates { get; init; } = [];

    /// <summary>Write <c>a=end-of-candidates</c>: all candidates are in the answer, none will trickle.</summary>
    public bool EndOfCandidates { get; init; } = true;

    public IReadOnlyList<string> IceOptions { get; init; } = [];

    /// <summary>Audio codecs in order of preference.</summary>
    public IReadOnlyList<CodecCapability> AudioCodecs { get; init; } = [CodecCapability.Opus];

    /// <summary>Video codecs in order of preference.</summary>
    public IReadOnlyList<CodecCapability> VideoCodecs { get; init; } =
        [CodecCapability.Vp8, CodecCapability.H264ConstrainedBaseline];

    /// <summary>
    /// Answer only the most preferred matching codec of each m-line (plus its rtx), so the sender has no choice
    /// to make; an SFU that forwards one codec to everyone wants this. Otherwise every match is answered, in
    /// order of preference, with RED/FEC payload types whose capabilities are listed.
    /// </summary>
    public bool OnlyPreferredCodec { get; init; }

    /// <summary>The header extension URIs to accept; the ids are the offer's.</summary>
    public IReadOnlyList<string> HeaderExtensions { get; init; } = DefaultHeaderExtensions;

    /// <summary>The RTCP feedback to keep where the offer has it.</summary>
    public IReadOnlyList<RtcpFeedback> Feedback { get; init; } = DefaultFeedback;

    /// <summary>The role taken when the offer says <c>actpass</c>: passive (DTLS server) unless told otherwise.</summary>
    public SetupRole SetupWhenOfferIsActPass { get; init; } = SetupRole.Passive;

    /// <summary>
    /// Accept an offered <c>a=simulcast:send</c>: answer <c>recv</c> with the same rids. Needs the RtpStreamId
    /// header extension to be negotiated, since the layers are told apart by it.
    /// </summary>
    public bool AcceptSimulcast { get; init; } = true;

    /// <summary>Per-m-line decision; null accepts every m-line in the reverse of its offered direction.</summary>
    public Func<MediaDescription, AnswerMediaChoice>? ChooseMedia { get; init; }

    public string SessionId { get; init; } = SdpOrigin.NewSessionId();

    public ulong SessionVersion { get; init; } = 1;
}
