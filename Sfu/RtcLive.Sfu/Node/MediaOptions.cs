using System.Net;

namespace RtcLive.Sfu.Node;

/// <summary>The media port, bound from <c>RtcLive:Media</c>.</summary>
public sealed class MediaOptions
{
    public const string Section = "RtcLive:Media";

    /// <summary>Address and port of the UDP socket every peer's media uses.</summary>
    public string Bind { get; set; } = "127.0.0.1:50000";

    /// <summary>Address put in ICE candidates when clients reach the node through NAT; empty: the bind address.</summary>
    public string AnnouncedAddress { get; set; } = "";

    /// <summary>Most peers the loopback test serves at once.</summary>
    public int MaxEchoSessions { get; set; } = 16;

    public IPEndPoint ParseBind() =>
        IPEndPoint.TryParse(Bind, out var endPoint)
            ? endPoint
            : throw new InvalidOperationException($"{Section}:Bind '{Bind}' is not an address:port");

    public IPAddress? ParseAnnounced()
    {
        if (string.IsNullOrWhiteSpace(AnnouncedAddress)) return null;
        return IPAddress.TryParse(AnnouncedAddress, out var address)
            ? address
            : throw new InvalidOperationException($"{Section}:AnnouncedAddress '{AnnouncedAddress}' is not an IP address");
    }
}
