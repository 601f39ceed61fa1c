using System.Net;
using RtcLive.WebRtc.Transport;
using RtcLive.WebRtc.Transport.IceTcp;

namespace RtcLive.Sfu.Node;

/// <summary>The media port, bound from <c>RtcLive:Media</c>.</summary>
public sealed class MediaOptions
{
    public const string Section = "RtcLive:Media";

    /// <summary>Address and port of the UDP socket every peer's media uses.</summary>
    public string Bind { get; set; } = "127.0.0.1:50000";

    /// <summary>Address put in ICE candidates when clients reach the node through NAT; empty: the bind address.</summary>
    public string AnnouncedAddress { get; set; } = "";

    /// <summary>The ICE-TCP port (<c>RtcLive:Media:Tcp</c>), for peers whose network blocks UDP.</summary>
    public MediaTcpOptions Tcp { get; set; } = new();

    /// <summary>
    /// Most datagrams sent with one <c>sendmmsg</c> while a received packet is fanned out to its subscribers (Linux);
    /// 1 sends each with its own <c>sendto</c>. 32 saves about a fifth of the CPU a send costs (README.md, Performance).
    /// </summary>
    public int SendBatch { get; set; } = UdpSocket.DefaultSendBatch;

    /// <summary>Most peers the loopback test serves at once.</summary>
    public int MaxEchoSessions { get; set; } = 16;

    public IPEndPoint ParseBind() =>
        IPEndPoint.TryParse(Bind, out var endPoint)
            ? endPoint
            : throw new InvalidOperationException($"{Section}:Bind '{Bind}' is not an address:port");

    /// <summary>
    /// The ICE-TCP listener's settings, or null when it is off. Without <c>Tcp:Bind</c> it takes the UDP bind's
    /// address and port number (TCP and UDP ports are separate, so one number serves both; port 0 stays 0: any free port).
    /// </summary>
    public IceTcpOptions? ParseIceTcp()
    {
        if (!Tcp.Enabled) return null;
        IPEndPoint bind;
        if (string.IsNullOrWhiteSpace(Tcp.Bind)) bind = ParseBind();
        else if (!IPEndPoint.TryParse(Tcp.Bind, out bind!))
            throw new InvalidOperationException($"{Section}:Tcp:Bind '{Tcp.Bind}' is not an address:port");
        var options = new IceTcpOptions
        {
            Bind = bind,
            MaxConnections = Tcp.MaxConnections,
            MaxConnectionsPerAddress = Tcp.MaxConnectionsPerAddress,
            SendQueueBytes = Tcp.SendQueueBytes,
            IdleTimeout = Tcp.IdleTimeout,
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new InvalidOperationException($"{Section}:Tcp:{ex.ParamName} {ex.Message.Split(" (Parameter")[0]}", ex);
        }
        return options;
    }

    public IPAddress? ParseAnnounced()
    {
        if (string.IsNullOrWhiteSpace(AnnouncedAddress)) return null;
        return IPAddress.TryParse(AnnouncedAddress, out var address)
            ? address
            : throw new InvalidOperationException($"{Section}:AnnouncedAddress '{AnnouncedAddress}' is not an IP address");
    }
}
