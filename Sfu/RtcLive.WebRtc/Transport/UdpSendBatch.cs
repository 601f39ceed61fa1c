using System.Net;

namespace RtcLive.WebRtc.Transport;

/// <summary>
/// The datagrams one receive thread sends while it handles one received datagram, held and sent together when the
/// handling ends: one <c>sendmmsg</c> per socket (more when a batch fills) instead of one <c>sendto</c> each, so a
/// packet fanned out to 200 subscribers takes 7 system calls, not 200. Only <see cref="UdpSocket"/>'s receive loop
/// opens a batch; sends from timers and other threads leave at once as before. A datagram waits at most until its
/// batch fills or the handling ends (one packet's fan-out, well under a millisecond). The thread may send on other
/// sockets too (a relay link's thread feeds the node's media port): each gets a sender of its own.
/// </summary>
internal sealed class UdpSendBatch
{
    /// <summary>Room for any datagram WebRTC sends (browsers keep to about 1,200 bytes); larger ones go out at once.</summary>
    public const int MaxDatagram = 1500;

    // A receive thread sends on its own socket and, on a relay link's thread, on the node's media port.
    private const int MaxSockets = 4;

    [ThreadStatic] private static UdpSendBatch? t_open;

    private readonly int _maxBatch;
    private readonly UdpSocket?[] _sockets = new UdpSocket?[MaxSockets];
    private readonly UdpBatchSender?[] _senders = new UdpBatchSender?[MaxSockets];

    public UdpSendBatch(int maxBatch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 2);
        _maxBatch = maxBatch;
    }

    /// <summary>The batch open on this thread, if any.</summary>
    public static UdpSendBatch? Open => t_open;

    /// <summary>From here until <see cref="End"/>, this thread's sends are held in this batch.</summary>
    public void Begin() => t_open = this;

    /// <summary>Sends what was held, and this thread's sends leave at once again.</summary>
    public void End()
    {
        t_open = null;
        for (int i = 0; i < MaxSockets; i++)
        {
            if (_senders[i] is { Count: > 0 } sender) Flush(_sockets[i]!, sender);
        }
    }

    /// <summary>Holds a datagram for <paramref name="socket"/>; false when it must be sent at once (too large, too many sockets).</summary>
    public bool TryAdd(UdpSocket socket, ReadOnlySpan<byte> datagram, SocketAddress to)
    {
        if (datagram.Length > MaxDatagram) return false;
        var sender = SenderFor(socket);
        if (sender is null) return false;
        if (!sender.TryAdd(datagram, to))
        {
            Flush(socket, sender);
            sender.TryAdd(datagram, to);
        }
        return true;
    }

    private UdpBatchSender? SenderFor(UdpSocket socket)
    {
        int free = -1;
        for (int i = 0; i < MaxSockets; i++)
        {
            var s = _sockets[i];
            if (ReferenceEquals(s, socket)) return _senders[i];
            // A socket closed since this thread last sent on it gives its slot up.
            if (free < 0 && (s is null || s.IsDisposed)) free = i;
        }
        if (free < 0) return null;
        var sender = socket.CreateBatchSender(_maxBatch, MaxDatagram);
        _sockets[free] = socket;
        _senders[free] = sender;
        return sender;
    }

    private static void Flush(UdpSocket socket, UdpBatchSender sender)
    {
        int held = sender.Count;
        long dropped = sender.Dropped;
        sender.Flush();
        socket.OnBatchSent(held, sender.Dropped - dropped);
    }
}
