using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace RtcLive.WebRtc.Client;

/// <summary>
/// A client peer's own UDP socket and the one thread that reads it. Every datagram goes to the sink on that
/// thread, over one reused buffer, with the sender's raw <see cref="SocketAddress"/>: nothing is allocated per
/// packet. Sending is safe from any thread.
/// </summary>
internal sealed class ClientSocket : IDisposable
{
    // Larger than any datagram a WebRTC peer sends (they stay near 1200 bytes), so nothing is cut short.
    private const int ReceiveBufferSize = 2048;

    private readonly Socket _socket;
    private readonly IDatagramSink _sink;
    private readonly ILogger _logger;
    private readonly Thread _receiveThread;
    private volatile bool _stopping;
    private long _sendErrors;

    public ClientSocket(IPEndPoint bind, int receiveBufferBytes, int sendBufferBytes, IDatagramSink sink, ILogger logger)
    {
        _sink = sink;
        _logger = logger;
        _socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (bind.AddressFamily == AddressFamily.InterNetworkV6) _socket.DualMode = true;
            _socket.ReceiveBufferSize = receiveBufferBytes;
            _socket.SendBufferSize = sendBufferBytes;
            _socket.Bind(bind);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _receiveThread = new Thread(ReceiveLoop) { IsBackground = true, Name = $"client-peer {LocalEndPoint}" };
    }

    public IPEndPoint LocalEndPoint { get; }

    public AddressFamily AddressFamily => _socket.AddressFamily;

    /// <summary>Sends that failed (full buffer, unreachable peer): UDP treats them as loss.</summary>
    public long SendErrors => Interlocked.Read(ref _sendErrors);

    public bool IsReceiveThread => Thread.CurrentThread == _receiveThread;

    public void Start() => _receiveThread.Start();

    /// <summary>True when this socket can send to <paramref name="endpoint"/> (an IPv4 socket cannot reach IPv6).</summary>
    public bool CanReach(IPEndPoint endpoint) =>
        _socket.AddressFamily == AddressFamily.InterNetworkV6 || endpoint.AddressFamily == AddressFamily.InterNetwork;

    /// <summary>The address in the form <see cref="Send"/> takes, mapped to the socket's family.</summary>
    public SocketAddress ToSocketAddress(IPEndPoint endpoint)
    {
        if (_socket.AddressFamily == AddressFamily.InterNetworkV6 && endpoint.AddressFamily == AddressFamily.InterNetwork)
            endpoint = new IPEndPoint(endpoint.Address.MapToIPv6(), endpoint.Port);
        return endpoint.Serialize();
    }

    public void Send(ReadOnlySpan<byte> datagram, SocketAddress to)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, to);
        }
        catch (SocketException)
        {
            // Media tolerates loss, and ICE consent decides whether the peer is gone.
            Interlocked.Increment(ref _sendErrors);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void ReceiveLoop()
    {
        byte[] buffer = GC.AllocateArray<byte>(ReceiveBufferSize, pinned: true);
        var from = new SocketAddress(_socket.AddressFamily);
        while (!_stopping)
        {
            int length;
            try
            {
                length = _socket.ReceiveFrom(buffer, SocketFlags.None, from);
            }
            catch (SocketException ex) when (!_stopping)
            {
                // Linux reports an ICMP port-unreachable from a departed peer as ConnectionReset on the next read.
                if (ex.SocketErrorCode != SocketError.ConnectionReset)
                    _logger.LogDebug(ex, "client socket receive error");
                continue;
            }
            catch (Exception) when (_stopping)
            {
                break;
            }

            try
            {
                _sink.OnDatagram(buffer.AsSpan(0, length), from);
            }
            catch (Exception ex)
            {
                // A bug in a handler (the application's receiver included) must not stop the socket.
                _logger.LogError(ex, "client datagram handler failed");
            }
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _socket.Dispose();
        if (_receiveThread.IsAlive && !IsReceiveThread) _receiveThread.Join(TimeSpan.FromSeconds(2));
    }
}
