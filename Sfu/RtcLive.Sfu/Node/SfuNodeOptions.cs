using System.Net;
using RtcLive.WebRtc.Transport;
using RtcLive.WebRtc.Transport.IceTcp;

namespace RtcLive.Sfu.Node;

/// <summary>One SFU node's settings; hosts bind them from <c>RtcLive:Sfu</c>.</summary>
public sealed class SfuNodeOptions
{
    /// <summary>The node's id in the cluster and in the web client's stats (embedded mode: <c>local</c>).</summary>
    public string NodeId { get; set; } = "local";

    /// <summary>Where the node runs, for placement and the cluster view (embedded mode: <c>local</c>).</summary>
    public string Region { get; set; } = "local";

    /// <summary>The UDP port every peer's media uses.</summary>
    public IPEndPoint MediaBind { get; set; } = new(IPAddress.Loopback, 50000);

    /// <summary>The ICE-TCP port for peers whose network blocks UDP (passive TCP candidates); null: none.</summary>
    public IceTcpOptions? IceTcp { get; set; }

    /// <summary>Most datagrams the media port sends per <c>sendmmsg</c> while it fans a packet out; 1: one <c>sendto</c> each.</summary>
    public int SendBatch { get; set; } = UdpSocket.DefaultSendBatch;

    /// <summary>Address put in ICE candidates when clients reach the node through NAT; null: the bind address.</summary>
    public IPAddress? AnnouncedAddress { get; set; }

    /// <summary>Packets kept per published layer to answer NACKs (a power of two).</summary>
    public int PacketCacheSize { get; set; } = 512;

    /// <summary>Caps on participants and tracks (per room, per node, per participant).</summary>
    public SfuLimits Limits { get; set; } = new();

    /// <summary>How long a transport may take to connect, and how long without consent checks before it is dropped.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan ConsentTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
