namespace RtcLive.WebRtc.Sdp;

/// <summary>
/// A whole SDP offer or answer as WebRTC uses it (RFC 8866, JSEP RFC 9429, Unified Plan): the session part and
/// one <see cref="MediaDescription"/> per m-line. Several attributes may sit at session or media level (ICE
/// credentials, fingerprint, setup, extmap, direction); the <c>Get...</c> methods return the one that applies to
/// a section, media level first.
/// </summary>
public sealed class SessionDescription
{
    /// <summary>The <c>v=</c> line; always 0.</summary>
    public int Version { get; set; }

    public SdpOrigin Origin { get; set; } = SdpOrigin.ForSession("0", 0);

    /// <summary>The <c>s=</c> line; <c>-</c> in JSEP.</summary>
    public string SessionName { get; set; } = "-";

    /// <summary>The session-level <c>i=</c> line.</summary>
    public string? Information { get; set; }

    public SdpConnection? Connection { get; set; }

    public List<SdpBandwidth> Bandwidths { get; } = [];

    public SdpTiming Timing { get; set; } = SdpTiming.Unbounded;

    /// <summary>Session lines of types the model has no field for (<c>u=</c>, <c>e=</c>, <c>r=</c>...), in order.</summary>
    public List<SdpLine> OtherLines { get; } = [];

    // ---- session-level attributes -------------------------------------------------------------------------

    public List<SdpGroup> Groups { get; } = [];

    /// <summary><c>a=ice-lite</c>: the writer only answers connectivity checks (RFC 8445 §2.5), as this SFU does.</summary>
    public bool IceLite { get; set; }

    public MsidSemantic? MsidSemantic { get; set; }

    /// <summary><c>a=extmap-allow-mixed</c> (RFC 8285 §6): one- and two-byte extension headers may be mixed.</summary>
    public bool ExtmapAllowMixed { get; set; }

    public List<SdpFingerprint> Fingerprints { get; } = [];

    public SetupRole? Setup { get; set; }

    public string? IceUfrag { get; set; }

    public string? IcePwd { get; set; }

    public List<string> IceOptions { get; } = [];

    /// <summary>Session-level <c>a=extmap</c> lines, which apply to every media section.</summary>
    public List<ExtensionMap> Extensions { get; } = [];

    /// <summary>A session-level direction attribute: the default for sections that have none.</summary>
    public MediaDirection? Direction { get; set; }

    public List<SdpAttribute> OtherAttributes { get; } = [];

    public List<MediaDescription> Media { get; } = [];

    // ---- reading helpers ----------------------------------------------------------------------------------

    public static SessionDescription Parse(string sdp) => SdpParser.Parse(sdp);

    /// <summary>The first <c>a=group:BUNDLE</c>, if any.</summary>
    public SdpGroup? BundleGroup
    {
        get
        {
            foreach (var group in Groups)
                if (group.IsBundle) return group;
            return null;
        }
    }

    public MediaDescription? FindMedia(string mid)
    {
        foreach (var media in Media)
            if (string.Equals(media.Mid, mid, StringComparison.Ordinal)) return media;
        return null;
    }

    /// <summary>The ICE ufrag and password that apply to <paramref name="media"/>, or null when either is missing.</summary>
    public SdpIceCredentials? GetIceCredentials(MediaDescription media)
    {
        string? ufrag = media.IceUfrag ?? IceUfrag;
        string? pwd = media.IcePwd ?? IcePwd;
        return ufrag is null || pwd is null ? null : new SdpIceCredentials(ufrag, pwd);
    }

    /// <summary>The fingerprints that apply to <paramref name="media"/>: its own, else the session's (Firefox's way).</summary>
    public IReadOnlyList<SdpFingerprint> GetFingerprints(MediaDescription media) =>
        media.Fingerprints.Count > 0 ? media.Fingerprints : Fingerprints;

    public SetupRole? GetSetup(MediaDescription media) => media.Setup ?? Setup;

    /// <summary>The section's direction, else the session's, else <c>sendrecv</c> (RFC 8866 §6.7).</summary>
    public MediaDirection GetDirection(MediaDescription media) => media.Direction ?? Direction ?? MediaDirection.SendRecv;

    public IReadOnlyList<string> GetIceOptions(MediaDescription media) =>
        media.IceOptions.Count > 0 ? media.IceOptions : IceOptions;

    /// <summary>The section's extmaps followed by the session-level ones it does not override.</summary>
    public IReadOnlyList<ExtensionMap> GetExtensions(MediaDescription media)
    {
        var result = new List<ExtensionMap>(media.Extensions);
        foreach (var extension in Extensions)
        {
            bool overridden = false;
            foreach (var own in media.Extensions)
                overridden |= own.Id == extension.Id || string.Equals(own.Uri, extension.Uri, StringComparison.Ordinal);
            if (!overridden) result.Add(extension);
        }
        return result;
    }

    /// <summary>The extmap id of <paramref name="uri"/> for <paramref name="media"/>, at media or session level.</summary>
    public int? FindExtensionId(MediaDescription media, string uri)
    {
        foreach (var extension in GetExtensions(media))
            if (string.Equals(extension.Uri, uri, StringComparison.Ordinal)) return extension.Id;
        return null;
    }

    /// <summary>The canonical SDP text, lines ending in CRLF.</summary>
    public override string ToString() => SdpWriter.Write(this);
}
