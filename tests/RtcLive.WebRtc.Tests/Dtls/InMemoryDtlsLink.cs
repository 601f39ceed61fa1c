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

    /// <summary>
    /// Reorders client→server datagrams: each datagram is held until <see cref="ReorderBatch"/> of them are waiting,
    /// then the batch is delivered in the order this returns (indices into the batch); the ClientHello (first
    /// datagram) passes at once. Null delivers in order.
    /// </summary>
    public Func<int, int[]>? ReorderClientToServer { get; set; }

    /// <summary>How many client→server datagrams make one reordered batch (a flight's datagrams).</summary>
    public int ReorderBatch { get; set; } = 5;

    private readonly List<byte[]> _held = [];
    private int _batches;

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
        if (ReorderClientToServer is { } reorder && ReferenceEquals(destination, ServerChannel) && index > 0)
        {
            byte[][] batch;
            int batchIndex;
            lock (_gate)
            {
                _held.Add(copy);
                if (_held.Count < ReorderBatch) return;
                batch = _held.ToArray();
                _held.Clear();
                batchIndex = _batches++;
            }
            foreach (int i in reorder(batchIndex)) destination.Enqueue(batch[i]);
            return;
        }
        destination.Enqueue(copy);
    }
}
