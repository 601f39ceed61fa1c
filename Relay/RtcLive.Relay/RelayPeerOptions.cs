using System.Net;
using RtcLive.Sfu.Node;
using RtcLive.WebRtc.Client;

namespace RtcLive.Relay;

/// <summary>
/// Where a node's relay peers (the link's puller, the local republishers) bind: the address of the node's own
/// media port, announcing the node's announced address when that port listens on every address. Bound to
/// loopback they could reach neither another machine's node nor this node's media port on a real interface.
/// </summary>
public static class RelayPeerOptions
{
    public static ClientPeerOptions For(SfuNodeOptions node, Microsoft.Extensions.Logging.ILogger? logger = null)
    {
        var bind = node.MediaBind.Address;
        bool wildcard = bind.Equals(IPAddress.Any) || bind.Equals(IPAddress.IPv6Any);
        return new ClientPeerOptions
        {
            LocalEndPoint = new IPEndPoint(bind, 0),
            AnnouncedAddress = wildcard ? node.AnnouncedAddress ?? IPAddress.Loopback : null,
            Logger = logger,
        };
    }
}
