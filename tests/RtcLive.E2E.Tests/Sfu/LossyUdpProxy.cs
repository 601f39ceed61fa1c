using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace RtcLive.E2E.Tests.Sfu;

/// <summary>
/// A lossy network between a browser and an SFU's media port, on loopback: the browser is given the proxy's
/// port instead of the node's (in the offer's host candidate), and everything is relayed both ways except the
/// RTP packets <see cref="DropToBrowser"/> picks on their way to the browser. SRTP leaves the RTP header in the
/// clear, so packets can be chosen by SSRC without keys. ICE still works: the browser's checks and the node's
/// answers pass through like everything else, and each side sees the proxy as its peer.
/// </summary>
internal sealed partial class LossyUdpProxy : IDisposable
{
    private readonly Socket _browserSide = Bind();
    private readonly Socket _serverSide = Bind();
    private readonly Dictionary<uint, long> _packetsPerSsrc = [];
    private IPEndPoint? _server;
    private volatile IPEndPoint? _browser;
    private long _dropped;
    private int _started;
    private volatile bool _disposed;

    /// <summary>Given an RTP packet's SSRC and its index among that SSRC's packets (0, 1, …), true loses it.</summary>
    public Func<uint, long, bool>? DropToBrowser { get; set; }

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>
    /// The offer with its host candidate pointing at the proxy; the node's own address in it becomes where the
    /// proxy relays to. Starts relaying.
    /// </summary>
    public string Route(string offerSdp)
    {
        var candidate = HostCandidate().Match(offerSdp);
        Assert.True(candidate.Success, "the offer has no IPv4 host candidate");
        _server = new IPEndPoint(IPAddress.Parse(candidate.Groups["address"].Value), int.Parse(candidate.Groups["port"].Value));
        int proxyPort = ((IPEndPoint)_browserSide.LocalEndPoint!).Port;
        string routed = HostCandidate().Replace(offerSdp, m => $"{m.Groups["prefix"].Value}{m.Groups["address"].Value} {proxyPort}{m.Groups["suffix"].Value}");
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            new Thread(RelayToServer) { IsBackground = true, Name = "proxy to server" }.Start();
            new Thread(RelayToBrowser) { IsBackground = true, Name = "proxy to browser" }.Start();
        }
        return routed;
    }

    private void RelayToServer()
    {
        byte[] buffer = new byte[2048];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        while (TryReceive(_browserSide, buffer, ref from, out int length))
        {
            _browser = (IPEndPoint)from;
            Send(_serverSide, buffer.AsSpan(0, length), _server!);
        }
    }

    private void RelayToBrowser()
    {
        byte[] buffer = new byte[2048];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        while (TryReceive(_serverSide, buffer, ref from, out int length))
        {
            if (_browser is not { } browser) continue;
            if (IsRtp(buffer.AsSpan(0, length)) && ShouldDrop(BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(8))))
            {
                Interlocked.Increment(ref _dropped);
                continue;
            }
            Send(_browserSide, buffer.AsSpan(0, length), browser);
        }
    }

    /// <summary>A send racing Dispose (or an ICMP error) must not kill the relay thread, let alone the test host.</summary>
    private void Send(Socket socket, ReadOnlySpan<byte> datagram, EndPoint to)
    {
        try
        {
            socket.SendTo(datagram, SocketFlags.None, to);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Closing, or the peer went away: the datagram is lost, as on a real network.
        }
    }

    private bool ShouldDrop(uint ssrc)
    {
        long index = _packetsPerSsrc.GetValueOrDefault(ssrc);
        _packetsPerSsrc[ssrc] = index + 1;
        return DropToBrowser?.Invoke(ssrc, index) ?? false;
    }

    /// <summary>RFC 7983 and RFC 5761: first byte 128–191 is RTP or RTCP, and RTCP's second byte is 192–223.</summary>
    private static bool IsRtp(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= 12 && datagram[0] is >= 128 and <= 191 && datagram[1] is not (>= 192 and <= 223);

    private bool TryReceive(Socket socket, byte[] buffer, ref EndPoint from, out int length)
    {
        while (!_disposed)
        {
            try
            {
                length = socket.ReceiveFrom(buffer, ref from);
                return true;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Dispose closed the socket, or an ICMP error reached it: only the first ends the relay.
            }
        }
        length = 0;
        return false;
    }

    private static Socket Bind()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    [GeneratedRegex(@"(?<prefix>a=candidate:\S+ \d+ udp \d+ )(?<address>\d+\.\d+\.\d+\.\d+) (?<port>\d+)(?<suffix> typ host)", RegexOptions.IgnoreCase)]
    private static partial Regex HostCandidate();

    public void Dispose()
    {
        _disposed = true;
        _browserSide.Dispose();
        _serverSide.Dispose();
    }
}
