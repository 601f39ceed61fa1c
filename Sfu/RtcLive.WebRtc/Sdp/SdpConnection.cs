namespace RtcLive.WebRtc.Sdp;

/// <summary>
/// A <c>c=</c> line. With ICE it carries no real information (<c>IN IP4 0.0.0.0</c> is typical), but RFC 8866
/// requires one for every media section that is not rejected.
/// </summary>
/// <param name="Address">The connection address as written, including any <c>/ttl</c> or <c>/count</c> suffix.</param>
public sealed record SdpConnection(string NetworkType, string AddressType, string Address)
{
    /// <summary><c>IN IP4 0.0.0.0</c>: the placeholder JSEP uses before (or instead of) a default candidate.</summary>
    public static readonly SdpConnection Unspecified = new("IN", "IP4", "0.0.0.0");

    public override string ToString() => $"{NetworkType} {AddressType} {Address}";
}
