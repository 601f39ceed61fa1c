using RtcLive.WebRtc.Sdp;

namespace RtcLive.WebRtc.Client;

/// <summary>
/// What offer and answer settled for one accepted m-line, seen from this peer: the payload types and header
/// extension ids to write into packets we send on it, and the SSRCs each side announced. Payload types and
/// extension ids are the offerer's numbers, which the answer keeps (JSEP), so they hold in both directions.
/// </summary>
public sealed class NegotiatedMedia
{
    private NegotiatedMedia(string mid, MediaKind kind, MediaDirection direction, IReadOnlyList<Codec> codecs,
        IReadOnlyList<ExtensionMap> extensions)
    {
        Mid = mid;
        Kind = kind;
        Direction = direction;
        Codecs = codecs;
        Extensions = extensions;
        Codec = FirstPrimary(codecs);
        RtxPayloadType = FindRtxPayloadType(codecs, Codec.PayloadType);
        MidExtensionId = IdOf(HeaderExtensionUris.SdesMid);
        RidExtensionId = IdOf(HeaderExtensionUris.RtpStreamId);
        RepairedRidExtensionId = IdOf(HeaderExtensionUris.RepairedRtpStreamId);
        AbsSendTimeExtensionId = IdOf(HeaderExtensionUris.AbsSendTime);
        TransportCcExtensionId = IdOf(HeaderExtensionUris.TransportWideCc);
        AudioLevelExtensionId = IdOf(HeaderExtensionUris.AudioLevel);
    }

    public string Mid { get; }

    public MediaKind Kind { get; }

    /// <summary>Our direction on this m-line after negotiation.</summary>
    public MediaDirection Direction { get; }

    /// <summary>Every payload type both sides accepted, in the answerer's order of preference.</summary>
    public IReadOnlyList<Codec> Codecs { get; }

    /// <summary>The media codec to send: the answerer's first choice that is not rtx, RED or FEC.</summary>
    public Codec Codec { get; }

    public byte PayloadType => (byte)Codec.PayloadType;

    /// <summary>The rtx payload type repairing <see cref="PayloadType"/>; null when rtx was not negotiated.</summary>
    public byte? RtxPayloadType { get; }

    /// <summary>The header extensions both sides accepted, with their ids.</summary>
    public IReadOnlyList<ExtensionMap> Extensions { get; }

    /// <summary>Extension ids of the extensions an SFU relies on; 0 where not negotiated (0 is never a valid id).</summary>
    public byte MidExtensionId { get; }

    public byte RidExtensionId { get; }

    public byte RepairedRidExtensionId { get; }

    public byte AbsSendTimeExtensionId { get; }

    public byte TransportCcExtensionId { get; }

    public byte AudioLevelExtensionId { get; }

    /// <summary>The SSRC we announced for what we send here (none with simulcast or when we only receive).</summary>
    public uint? LocalSsrc { get; private init; }

    /// <summary>Our retransmission SSRC, announced with <c>a=ssrc-group:FID</c> when rtx was negotiated.</summary>
    public uint? LocalRtxSsrc { get; private init; }

    /// <summary>Rids of the simulcast layers we send.</summary>
    public IReadOnlyList<string> LocalRids { get; private init; } = [];

    /// <summary>The media SSRCs the remote announced for what it sends here (browsers do; an SFU may not).</summary>
    public IReadOnlyList<uint> RemoteSsrcs { get; private init; } = [];

    /// <summary>Rids of the simulcast layers the remote sends.</summary>
    public IReadOnlyList<string> RemoteRids { get; private init; } = [];

    /// <summary>The id of any negotiated extension, or null.</summary>
    public int? FindExtensionId(string uri)
    {
        foreach (var extension in Extensions)
            if (string.Equals(extension.Uri, uri, StringComparison.Ordinal)) return extension.Id;
        return null;
    }

    /// <summary>
    /// Reads the agreement for one m-line from the answer's section (which holds what was accepted) and the two
    /// descriptions (which hold what each side announced about its own streams).
    /// </summary>
    internal static NegotiatedMedia Create(SessionDescription answer, MediaDescription answered,
        MediaDescription localSection, MediaDescription remoteSection, MediaDirection ourDirection)
    {
        uint? localSsrc = FirstOrNull(localSection.GetMediaSsrcs());
        bool rtxNegotiated = FindRtxPayloadType(answered.Codecs, FirstPrimary(answered.Codecs).PayloadType) is not null;
        return new NegotiatedMedia(answered.Mid!, answered.Kind, ourDirection, answered.Codecs, answer.GetExtensions(answered))
        {
            LocalSsrc = ourDirection.Sends() ? localSsrc : null,
            // An offer announces its rtx SSRC before knowing whether the answer keeps rtx.
            LocalRtxSsrc = ourDirection.Sends() && rtxNegotiated && localSsrc is { } ssrc ? localSection.FindRtxSsrc(ssrc) : null,
            LocalRids = ourDirection.Sends() ? RidsOf(localSection, RidDirection.Send) : [],
            RemoteSsrcs = ourDirection.Receives() ? remoteSection.GetMediaSsrcs() : [],
            RemoteRids = ourDirection.Receives() ? RidsOf(remoteSection, RidDirection.Send) : [],
        };
    }

    private byte IdOf(string uri) => FindExtensionId(uri) is int id and > 0 and <= 255 ? (byte)id : (byte)0;

    private static Codec FirstPrimary(IReadOnlyList<Codec> codecs)
    {
        foreach (var codec in codecs)
            if (!codec.IsRepairOrRedundancy) return codec;
        throw new SdpNegotiationException("an accepted m-line has no media codec");
    }

    private static byte? FindRtxPayloadType(IReadOnlyList<Codec> codecs, int payloadType)
    {
        foreach (var codec in codecs)
            if (codec.IsRtx && codec.Apt == payloadType) return (byte)codec.PayloadType;
        return null;
    }

    private static IReadOnlyList<string> RidsOf(MediaDescription section, RidDirection direction)
    {
        var rids = new List<string>();
        foreach (var rid in section.GetRids(direction)) rids.Add(rid.Id);
        return rids;
    }

    private static uint? FirstOrNull(IReadOnlyList<uint> values) => values.Count > 0 ? values[0] : null;

    public override string ToString() => $"mid {Mid} {Kind} {Direction.ToSdp()} {Codec} mid-ext {MidExtensionId}";
}
