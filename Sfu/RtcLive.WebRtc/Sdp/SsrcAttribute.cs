namespace RtcLive.WebRtc.Sdp;

/// <summary>
/// One <c>a=ssrc</c> line (RFC 5576): an attribute of a synchronisation source, e.g. <c>a=ssrc:1234 cname:x</c>
/// or <c>a=ssrc:1234 msid:stream track</c>. A source usually has several such lines.
/// </summary>
/// <param name="Value">The text after the attribute name's colon, or null when it has none.</param>
public sealed record SsrcAttribute(uint Ssrc, string Name, string? Value = null)
{
    public const string Cname = "cname";

    public override string ToString() => Value is null ? $"{Ssrc} {Name}" : $"{Ssrc} {Name}:{Value}";
}
