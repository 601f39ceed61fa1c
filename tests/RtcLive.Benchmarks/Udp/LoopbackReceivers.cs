using System.Net;
using System.Net.Sockets;

namespace RtcLive.Benchmarks.Udp;

/// <summary>
/// UDP sockets bound to 127.0.0.1, drained by one background thread so the sender measures delivery into readers'
/// queues rather than drops at full buffers. The thread polls without blocking per socket (waking a blocked reader on
/// the other core would double the sender's cost, see the UDP notes) and sleeps a millisecond when all are empty.
/// </summary>
public sealed class LoopbackReceivers : IDisposable
{
    private readonly Socket[] _sockets;
    private readonly Thread _drain;
    private volatile bool _stopping;
    private long _received;

    public LoopbackReceivers(int count)
    {
        _sockets = new Socket[count];
        EndPoints = new IPEndPoint[count];
        for (int i = 0; i < count; i++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4 << 20 };
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _sockets[i] = socket;
            EndPoints[i] = (IPEndPoint)socket.LocalEndPoint!;
        }
        _drain = new Thread(Drain) { IsBackground = true, Name = "loopback drain" };
        _drain.Start();
    }

    public IPEndPoint[] EndPoints { get; }

    public long Received => Interlocked.Read(ref _received);

    private void Drain()
    {
        var buffer = new byte[2048];
        while (!_stopping)
        {
            long got = 0;
            foreach (var socket in _sockets)
            {
                try
                {
                    while (socket.Available > 0)
                    {
                        socket.Receive(buffer);
                        got++;
                    }
                }
                catch (ObjectDisposedException) { return; }
            }
            if (got == 0) Thread.Sleep(1);
            else Interlocked.Add(ref _received, got);
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _drain.Join();
        foreach (var socket in _sockets) socket.Dispose();
    }
}
