namespace RtcLive.WebRtc.Sdp;

/// <summary>What goes into an offer written by <see cref="SdpOfferBuilder"/> for the headless client peer.</summary>
public sealed class OfferOptions
{
    /// <summary>Chrome's audio extmap ids.</summary>
    public static readonly IReadOnlyList<ExtensionMap> DefaultAudioExtensions =
    [
        new(1, HeaderExtensionUris.AudioLevel),
        new(2, HeaderExtensionUris.AbsSendTime),
        new(3, HeaderExtensionUris.TransportWideCc),
        new(4, HeaderExtensionUris.SdesMid),
    ];

    /// <summary>Chrome's video extmap ids for the extensions an SFU uses.</summary>
    public static readonly IReadOnlyList<ExtensionMap> DefaultVideoExtensions =
    [
        new(2, HeaderExtensionUris.AbsSendTime),
        new(3, HeaderExtensionUris.TransportWideCc),
        new(4, HeaderExtensionUris.SdesMid),
        new(10, HeaderExtensionUris.RtpStreamId),
        new(11, HeaderExtensionUris.RepairedRtpStreamId),
    ];

    public required SdpIceCredentials IceCredentials { get; init; }

    public required SdpFingerprint Fingerprint { get; init; }

    public required IReadOnlyList<OfferedTransceiver> Transceivers { get; init; }

    /// <summary>Audio codecs for transceivers that name none; new copies are written into each m-line.</summary>
    public IReadOnlyList<Codec> AudioCodecs { get; init; } = DefaultCodecs.Audio();

    /// <summary>Video codecs for transceivers that name none (VP8 with rtx by default).</summary>
    public IReadOnlyList<Codec> VideoCodecs { get; init; } = DefaultCodecs.Video();

    public IReadOnlyList<ExtensionMap> AudioExtensions { get; init; } = DefaultAudioExtensions;

    public IReadOnlyList<ExtensionMap> VideoExtensions { get; init; } = DefaultVideoExtensions;

    /// <summary>The <c>a=candidate</c> values (text after <c>candidate:</c>), put in every m-line.</summary>
    public IReadOnlyList<string> Candidates { get; init; } = [];

    public bool EndOfCandidates { get; init; }

    public IReadOnlyList<string> IceOptions { get; init; } = [];

    /// <summary>Write <c>a=ice-lite</c>: an SFU offering to a subscriber only answers connectivity checks.</summary>
    public bool IceLite { get; init; }

    public string SessionId { get; init; } = SdpOrigin.NewSessionId();

    public ulong SessionVersion { get; init; } = 1;
}
