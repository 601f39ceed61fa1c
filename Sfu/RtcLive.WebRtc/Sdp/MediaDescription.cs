namespace RtcLive.WebRtc.Sdp;

/// <summary>
/// One media section: the <c>m=</c> line and everything up to the next one. In Unified Plan each section is one
/// transceiver, named by its <c>a=mid</c>. The attributes WebRTC relies on have fields; anything else is kept,
/// in order, in <see cref="OtherAttributes"/>.
/// </summary>
public sealed class MediaDescription
{
    public MediaDescription(string media = "audio", int port = 9, string protocol = SdpProtocols.UdpTlsRtpSavpf)
    {
        Media = media;
        Port = port;
        Protocol = protocol;
    }

    public MediaDescription(MediaKind kind, int port = 9, string protocol = SdpProtocols.UdpTlsRtpSavpf)
        : this(kind.ToSdp(), port, protocol)
    {
    }

    // ---- the m= line --------------------------------------------------------------------------------------

    /// <summary>The media token as written: <c>audio</c>, <c>video</c>, <c>application</c>, or another.</summary>
    public string Media { get; set; }

    public MediaKind Kind => MediaKindExtensions.FromSdp(Media);

    /// <summary>0 rejects the section (or marks it bundle-only); 9 is the JSEP placeholder with ICE.</summary>
    public int Port { get; set; }

    /// <summary>The <c>/count</c> after the port, rarely used.</summary>
    public int? PortCount { get; set; }

    public string Protocol { get; set; }

    /// <summary>The formats as listed: payload types for RTP, e.g. <c>webrtc-datachannel</c> for SCTP.</summary>
    public List<string> Formats { get; } = [];

    public bool IsRtp => SdpProtocols.IsRtp(Protocol);

    /// <summary>Port 0: the section was rejected (RFC 3264 §6).</summary>
    public bool IsRejected => Port == 0;

    // ---- other lines of the section -----------------------------------------------------------------------

    /// <summary>The <c>i=</c> line.</summary>
    public string? Information { get; set; }

    public SdpConnection? Connection { get; set; }

    public List<SdpBandwidth> Bandwidths { get; } = [];

    /// <summary>Lines of types the model has no field for (e.g. <c>k=</c>), in order.</summary>
    public List<SdpLine> OtherLines { get; } = [];

    // ---- attributes ---------------------------------------------------------------------------------------

    public string? Mid { get; set; }

    /// <summary>The direction attribute if present; see <see cref="SessionDescription.GetDirection"/> for the effective one.</summary>
    public MediaDirection? Direction { get; set; }

    public bool RtcpMux { get; set; }

    /// <summary><c>a=rtcp-rsize</c>: reduced-size RTCP (RFC 5506) is acceptable.</summary>
    public bool RtcpReducedSize { get; set; }

    public string? IceUfrag { get; set; }

    public string? IcePwd { get; set; }

    public List<string> IceOptions { get; } = [];

    public List<SdpFingerprint> Fingerprints { get; } = [];

    public SetupRole? Setup { get; set; }

    /// <summary>The <c>a=candidate</c> values (text after <c>candidate:</c>), unparsed: the ICE layer reads them.</summary>
    public List<string> Candidates { get; } = [];

    public bool EndOfCandidates { get; set; }

    public List<Msid> Msids { get; } = [];

    public List<SsrcAttribute> SsrcAttributes { get; } = [];

    public List<SsrcGroup> SsrcGroups { get; } = [];

    public List<ExtensionMap> Extensions { get; } = [];

    public bool ExtmapAllowMixed { get; set; }

    /// <summary>The payload types that have an rtpmap (or a static assignment), in m-line order.</summary>
    public List<Codec> Codecs { get; } = [];

    /// <summary><c>a=rtcp-fb:*</c> lines: feedback that applies to every payload type.</summary>
    public List<RtcpFeedback> FeedbackForAllCodecs { get; } = [];

    public List<RidDescription> Rids { get; } = [];

    public SimulcastDescription? Simulcast { get; set; }

    /// <summary><c>a=sctp-port</c> of a data channel section. Kept, not used: this stack carries no data channels.</summary>
    public int? SctpPort { get; set; }

    /// <summary><c>a=max-message-size</c> of a data channel section. Kept, not used.</summary>
    public ulong? MaxMessageSize { get; set; }

    /// <summary>
    /// Attributes not modelled above, in the order they appeared (including codec lines for payload types the
    /// m= line does not list).
    /// </summary>
    public List<SdpAttribute> OtherAttributes { get; } = [];

    // ---- reading helpers ----------------------------------------------------------------------------------

    /// <summary>Appends a codec and its payload type to the m= line's format list.</summary>
    public void AddCodec(Codec codec)
    {
        Codecs.Add(codec);
        Formats.Add(codec.PayloadType.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public Codec? FindCodec(int payloadType)
    {
        foreach (var codec in Codecs)
            if (codec.PayloadType == payloadType) return codec;
        return null;
    }

    /// <summary>The rtx payload type whose <c>apt</c> is <paramref name="payloadType"/>, if any.</summary>
    public Codec? FindRtxFor(int payloadType)
    {
        foreach (var codec in Codecs)
            if (codec.IsRtx && codec.Apt == payloadType) return codec;
        return null;
    }

    /// <summary>The media codecs, without rtx, RED and FEC.</summary>
    public IReadOnlyList<Codec> GetPrimaryCodecs()
    {
        var primary = new List<Codec>();
        foreach (var codec in Codecs)
            if (!codec.IsRepairOrRedundancy) primary.Add(codec);
        return primary;
    }

    /// <summary>The id this section maps <paramref name="uri"/> to (media-level lines only).</summary>
    public int? FindExtensionId(string uri)
    {
        foreach (var extension in Extensions)
            if (string.Equals(extension.Uri, uri, StringComparison.Ordinal)) return extension.Id;
        return null;
    }

    /// <summary>Every SSRC named by <c>a=ssrc</c> or <c>a=ssrc-group</c>, once each, in order of appearance.</summary>
    public IReadOnlyList<uint> GetSsrcs()
    {
        var ssrcs = new List<uint>();
        foreach (var group in SsrcGroups)
            foreach (uint ssrc in group.Ssrcs)
                if (!ssrcs.Contains(ssrc)) ssrcs.Add(ssrc);
        foreach (var attribute in SsrcAttributes)
            if (!ssrcs.Contains(attribute.Ssrc)) ssrcs.Add(attribute.Ssrc);
        return ssrcs;
    }

    /// <summary>
    /// The SSRCs that carry media rather than retransmissions: those not in the second place of an FID group.
    /// </summary>
    public IReadOnlyList<uint> GetMediaSsrcs()
    {
        var result = new List<uint>();
        foreach (uint ssrc in GetSsrcs())
            if (FindPrimarySsrc(ssrc) is null) result.Add(ssrc);
        return result;
    }

    /// <summary>The retransmission SSRC paired with <paramref name="ssrc"/> by <c>a=ssrc-group:FID</c>.</summary>
    public uint? FindRtxSsrc(uint ssrc)
    {
        foreach (var group in SsrcGroups)
            if (IsFid(group) && group.Ssrcs.Count >= 2 && group.Ssrcs[0] == ssrc) return group.Ssrcs[1];
        return null;
    }

    /// <summary>The media SSRC that <paramref name="rtxSsrc"/> repairs according to <c>a=ssrc-group:FID</c>.</summary>
    public uint? FindPrimarySsrc(uint rtxSsrc)
    {
        foreach (var group in SsrcGroups)
            if (IsFid(group) && group.Ssrcs.Count >= 2 && group.Ssrcs[1] == rtxSsrc) return group.Ssrcs[0];
        return null;
    }

    /// <summary>The value of an <c>a=ssrc</c> attribute, e.g. the <c>cname</c> of a source.</summary>
    public string? GetSsrcAttribute(uint ssrc, string name)
    {
        foreach (var attribute in SsrcAttributes)
            if (attribute.Ssrc == ssrc && string.Equals(attribute.Name, name, StringComparison.Ordinal))
                return attribute.Value;
        return null;
    }

    /// <summary>The rids this section's writer sends, in <c>a=simulcast</c> order when there is one.</summary>
    public IReadOnlyList<RidDescription> GetRids(RidDirection direction)
    {
        var result = new List<RidDescription>();
        var order = direction == RidDirection.Send ? Simulcast?.Send : Simulcast?.Recv;
        if (order is { Count: > 0 })
        {
            foreach (var stream in order)
                foreach (var alternative in stream.Alternatives)
                    if (FindRid(alternative.Rid, direction) is { } rid && !result.Contains(rid)) result.Add(rid);
        }
        foreach (var rid in Rids)
            if (rid.Direction == direction && !result.Contains(rid)) result.Add(rid);
        return result;
    }

    public RidDescription? FindRid(string id, RidDirection direction)
    {
        foreach (var rid in Rids)
            if (rid.Direction == direction && string.Equals(rid.Id, id, StringComparison.Ordinal)) return rid;
        return null;
    }

    public override string ToString() => $"m={Media} {Port} {Protocol} {string.Join(' ', Formats)} (mid {Mid ?? "none"})";

    private static bool IsFid(SsrcGroup group) =>
        string.Equals(group.Semantics, SsrcGroup.Fid, StringComparison.OrdinalIgnoreCase);
}
