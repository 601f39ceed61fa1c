using RtcLive.WebRtc.Dtls;

namespace RtcLive.WebRtc.Tests.Dtls;

/// <summary>
/// Two <see cref="DtlsDatagramChannel"/>s wired back to back, standing in for the UDP path between a DTLS client
/// and server. Each direction can drop chosen datagrams (to exercise retransmission) and records what it carried.
/// </summary>
internal sealed class InMemoryDtlsLink
{
    private readonly object _gate = new();
    private readonly List<byte[]> _clientToServer = [];
    private readonly List<byte[]> _serverToClient = [];

    public InMemoryDtlsLink()
    {
        ServerChannel = new DtlsDatagramChannel(datagram => Carry(datagram, _serverToClient, DropServerToClient, ClientChannel!));
        ClientChannel = new DtlsDatagramChannel(datagram => Carry(datagram, _clientToServer, DropClientToServer, ServerChannel));
    }

    /// <summary>The channel the client transport reads from and sends through.</summary>
    public DtlsDatagramChannel ClientChannel { get; }

    /// <summary>The channel the server transport reads from and sends through.</summary>
    public DtlsDatagramChannel ServerChannel { get; }

    /// <summary>Decides per datagram (index within its direction, bytes) whether the link loses it.</summary>
    public Func<int, byte[], bool>? DropClientToServer { get; set; }

    public Func<int, byte[], bool>? DropServerToClient { get; set; }

    public int Dropped { get; private set; }

    public byte[][] ClientToServer
    {
        get { lock (_gate) return _clientToServer.ToArray(); }
    }

    public byte[][] ServerToClient
    {
        get { lock (_gate) return _serverToClient.ToArray(); }
    }

    private void Carry(ReadOnlySpan<byte> datagram, List<byte[]> log, Func<int, byte[], bool>? drop, DtlsDatagramChannel destination)
    {
        byte[] copy = datagram.ToArray();
        int index;
        lock (_gate)
        {
            index = log.Count;
            log.Add(copy);
        }
        if (drop is not null && drop(index, copy))
        {
            lock (_gate) Dropped++;
            return;
        }
        destination.Enqueue(copy);
    }
}
