namespace RtcLive.WebRtc.Sdp;

/// <summary>
/// An <c>a=ssrc-group</c> attribute: <c>FID primary rtx</c> pairs a stream with its retransmission stream
/// (RFC 4588), <c>SIM low mid high</c> lists the layers of SSRC-signalled simulcast.
/// </summary>
public sealed class SsrcGroup
{
    public const string Fid = "FID";
    public const string Sim = "SIM";

    public SsrcGroup(string semantics, IEnumerable<uint>? ssrcs = null)
    {
        Semantics = semantics;
        if (ssrcs is not null) Ssrcs.AddRange(ssrcs);
    }

    public string Semantics { get; set; }

    public List<uint> Ssrcs { get; } = [];

    public override string ToString() => $"{Semantics} {string.Join(' ', Ssrcs)}";
}
