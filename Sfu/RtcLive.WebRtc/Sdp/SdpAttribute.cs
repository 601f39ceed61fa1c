namespace RtcLive.WebRtc.Sdp;

/// <summary>
/// An <c>a=</c> line the model does not interpret (<c>a=rtcp:9 IN IP4 0.0.0.0</c>, <c>a=ptime:20</c>, vendor
/// extensions...), kept in the order it appeared so that a written description carries it on.
/// </summary>
/// <param name="Value">The text after the first colon, or null for a flag attribute with no colon.</param>
public sealed record SdpAttribute(string Name, string? Value = null)
{
    public override string ToString() => Value is null ? Name : $"{Name}:{Value}";
}
