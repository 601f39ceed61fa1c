namespace RtcLive.WebRtc.Sdp;

/// <summary>
/// The session-level <c>a=msid-semantic</c> attribute, e.g. <c>WMS *</c> or <c>WMS stream-id</c>. It is legacy
/// (replaced by per-m-line <c>a=msid</c>), but Chrome, Firefox and ffmpeg still write it.
/// </summary>
public sealed class MsidSemantic
{
    public MsidSemantic(string semantic, IEnumerable<string>? identifiers = null)
    {
        Semantic = semantic;
        if (identifiers is not null) Identifiers.AddRange(identifiers);
    }

    public string Semantic { get; set; }

    /// <summary>Stream ids or <c>*</c>; often empty.</summary>
    public List<string> Identifiers { get; } = [];

    public override string ToString() =>
        Identifiers.Count == 0 ? Semantic : $"{Semantic} {string.Join(' ', Identifiers)}";
}
