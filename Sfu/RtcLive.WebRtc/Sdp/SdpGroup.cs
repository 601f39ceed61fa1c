namespace RtcLive.WebRtc.Sdp;

/// <summary>
/// An <c>a=group</c> attribute (RFC 5888), e.g. <c>a=group:BUNDLE 0 1 2</c>: a semantics token and the mids it
/// ties together. With BUNDLE (RFC 9143) every listed m-line shares the transport of the first.
/// </summary>
public sealed class SdpGroup
{
    public const string Bundle = "BUNDLE";

    public SdpGroup(string semantics, IEnumerable<string>? mids = null)
    {
        Semantics = semantics;
        if (mids is not null) Mids.AddRange(mids);
    }

    public string Semantics { get; set; }

    public List<string> Mids { get; } = [];

    public bool IsBundle => string.Equals(Semantics, Bundle, StringComparison.OrdinalIgnoreCase);

    public override string ToString() => Mids.Count == 0 ? Semantics : $"{Semantics} {string.Join(' ', Mids)}";
}
