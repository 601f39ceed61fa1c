namespace RtcLive.WebRtc.Sdp;

/// <summary>
/// One <c>a=rtcp-fb</c> capability of a codec (RFC 4585): a type (<c>nack</c>, <c>ccm</c>, <c>goog-remb</c>,
/// <c>transport-cc</c>...) and an optional parameter (<c>pli</c> in <c>nack pli</c>, <c>fir</c> in <c>ccm fir</c>).
/// </summary>
public sealed record RtcpFeedback(string Type, string? Parameter = null)
{
    public static readonly RtcpFeedback Nack = new("nack");
    public static readonly RtcpFeedback NackPli = new("nack", "pli");
    public static readonly RtcpFeedback CcmFir = new("ccm", "fir");
    public static readonly RtcpFeedback GoogRemb = new("goog-remb");
    public static readonly RtcpFeedback TransportCc = new("transport-cc");

    /// <summary>Same type and parameter, ignoring letter case (clients differ).</summary>
    public bool Matches(RtcpFeedback other) =>
        string.Equals(Type, other.Type, StringComparison.OrdinalIgnoreCase)
        && string.Equals(Parameter, other.Parameter, StringComparison.OrdinalIgnoreCase);

    public override string ToString() => Parameter is null ? Type : $"{Type} {Parameter}";
}
