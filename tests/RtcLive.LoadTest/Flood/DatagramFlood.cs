using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RtcLive.LoadTest.Flood;

/// <summary>
/// Sends a <see cref="FloodDatagramSet"/> at a UDP target from several local ports, as fast as it can or at a given
/// rate, and always bounded: it stops at <c>maxCount</c> datagrams or <c>maxDuration</c>, whichever comes first.
/// </summary>
public sealed class DatagramFlood : IDisposable
{
    private readonly Socket[] _sockets;
    private readonly SocketAddress _target;

    /// <param name="target">The media port under test.</param>
    /// <param name="localAddress">Where the flood comes from (127.0.0.x on loopback, so the node sees other addresses).</param>
    /// <param name="sources">Local ports (sockets) the datagrams rotate over.</param>
    public DatagramFlood(IPEndPoint target, IPAddress localAddress, int sources = 8)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sources, 1);
        _target = target.Serialize();
        _sockets = new Socket[sources];
        for (int i = 0; i < sources; i++)
        {
            _sockets[i] = new Socket(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            _sockets[i].Bind(new IPEndPoint(localAddress, 0));
        }
    }

    /// <summary>The local address of each source, in the order the flood rotates over them.</summary>
    public IReadOnlyList<IPEndPoint> Sources => Array.ConvertAll(_sockets, s => (IPEndPoint)s.LocalEndPoint!);

    /// <summary>Sends one datagram from each source (say, the check that makes a session accept it); false if any send failed.</summary>
    public bool SendFromEach(Func<int, byte[]> datagramOf)
    {
        bool all = true;
        for (int i = 0; i < _sockets.Length; i++)
        {
            try
            {
                _sockets[i].SendTo(datagramOf(i), SocketFlags.None, _target);
            }
            catch (SocketException)
            {
                all = false;
            }
        }
        return all;
    }

    /// <summary>Runs the flood on the calling thread; <paramref name="maxRate"/> 0 means as fast as the socket takes them.</summary>
    public FloodResult Run(FloodDatagramSet set, long maxCount, TimeSpan maxDuration, int maxRate = 0, CancellationToken ct = default)
    {
        var datagrams = set.Datagrams;
        if (datagrams.Count == 0) throw new ArgumentException("the flood has no datagrams", nameof(set));
        var clock = Stopwatch.StartNew();
        long sent = 0, failed = 0;
        while (sent + failed < maxCount)
        {
            // Check time, rate and cancellation every 64 datagrams: cheap enough not to slow the flood itself.
            if (((sent + failed) & 63) == 0)
            {
                if (clock.Elapsed >= maxDuration || ct.IsCancellationRequested) break;
                if (maxRate > 0)
                {
                    double due = clock.Elapsed.TotalSeconds * maxRate;
                    if (sent + failed > due) { Thread.Sleep(1); continue; }
                }
            }
            var datagram = datagrams[(int)((sent + failed) % datagrams.Count)];
            try
            {
                _sockets[(sent + failed) % _sockets.Length].SendTo(datagram, SocketFlags.None, _target);
                sent++;
            }
            catch (SocketException)
            {
                failed++; // a full send buffer or an ICMP-refused port: part of a flood, not a reason to stop
            }
        }
        return new FloodResult(set.Kind, sent, failed, clock.Elapsed);
    }

    public void Dispose()
    {
        foreach (var socket in _sockets) socket.Dispose();
    }
}
