using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace RtcLive.WebRtc.Transport;

/// <summary>
/// A UDP socket and the one thread that reads it (the node's shared media port, or a client peer's own socket).
/// Every datagram goes to the sink on that thread, over one reused buffer, with the sender's raw
/// <see cref="SocketAddress"/>: nothing is allocated per packet. Sending is safe from any thread; failures are
/// counted as loss, never thrown. What the receive thread sends while it handles a datagram (a packet's fan-out to
/// every subscriber) leaves in one <c>sendmmsg</c> when the handling ends (<see cref="UdpSendBatch"/>).
/// </summary>
public sealed class UdpSocket : IDisposable
{
    // Larger than any datagram a WebRTC peer sends (they stay near 1200 bytes), so nothing is cut short.
    private const int ReceiveBufferSize = 2048;

    /// <summary>
    /// Datagrams held per <c>sendmmsg</c>: a fan-out to 200 subscribers leaves in 7 calls, and the first datagram of a
    /// batch waits for at most 31 others to be rewritten and protected (tens of microseconds). Only 1 and 32 were
    /// compared in the node (README.md, Performance).
    /// </summary>
    public const int DefaultSendBatch = 32;

    private readonly Socket _socket;
    private readonly IDatagramSink _sink;
    private readonly ILogger _logger;
    private readonly Thread _receiveThread;
    private readonly int _sendBatch;
    private volatile bool _stopping;
    private long _sendErrors;
    private long _batchedDatagrams;
    private long _sendBatches;
    private long _receiveErrors;
    private long _handlerErrors;

    /// <param name="sendBatch">Most datagrams the receive thread holds per <c>sendmmsg</c>; 1 sends each at once.</param>
    public UdpSocket(IPEndPoint bind, int receiveBufferBytes, int sendBufferBytes, IDatagramSink sink, ILogger logger, string threadName,
        int sendBatch = DefaultSendBatch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sendBatch, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sendBatch, 1024);
        _sink = sink;
        _sendBatch = sendBatch;
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
        _receiveThread = new Thread(ReceiveLoop) { IsBackground = true, Name = $"{threadName} {LocalEndPoint}" };
    }

    public IPEndPoint LocalEndPoint { get; }

    public AddressFamily AddressFamily => _socket.AddressFamily;

    /// <summary>Sends that failed (full buffer, unreachable peer): UDP treats them as loss.</summary>
    public long SendErrors => Interlocked.Read(ref _sendErrors);

    /// <summary>Reads the socket failed (for example an ICMP unreachable from a departed peer).</summary>
    public long ReceiveErrors => Volatile.Read(ref _receiveErrors);

    /// <summary>Datagrams whose handler threw; the socket went on serving the others.</summary>
    public long HandlerErrors => Volatile.Read(ref _handlerErrors);

    /// <summary>Datagrams that left in a <c>sendmmsg</c> batch, and the batches: their ratio is the mean batch size.</summary>
    public long BatchedDatagrams => Interlocked.Read(ref _batchedDatagrams);

    public long SendBatches => Interlocked.Read(ref _sendBatches);

    public bool IsReceiveThread => Thread.CurrentThread == _receiveThread;

    internal bool IsDisposed => _stopping;

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
        if (UdpSendBatch.Open is { } batch && batch.TryAdd(this, datagram, to)) return;
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

    internal UdpBatchSender CreateBatchSender(int maxBatch, int maxDatagram) => new(_socket, maxBatch, maxDatagram);

    internal void OnBatchSent(int datagrams, long dropped)
    {
        Interlocked.Add(ref _batchedDatagrams, datagrams - dropped);
        Interlocked.Increment(ref _sendBatches);
        if (dropped > 0) Interlocked.Add(ref _sendErrors, dropped);
    }

    private void ReceiveLoop()
    {
        byte[] buffer = GC.AllocateArray<byte>(ReceiveBufferSize, pinned: true);
        var batch = _sendBatch > 1 && UdpBatchSender.IsSupported ? new UdpSendBatch(_sendBatch) : null;
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
                _receiveErrors++;
                if (ex.SocketErrorCode != SocketError.ConnectionReset)
                    _logger.LogDebug(ex, "UDP receive error on {Endpoint}", LocalEndPoint);
                continue;
            }
            catch (Exception) when (_stopping)
            {
                break;
            }

            batch?.Begin();
            try
            {
                _sink.OnDatagram(buffer.AsSpan(0, length), from);
            }
            catch (Exception ex)
            {
                // A bug in a handler (the application's receiver included) must not stop the port for everyone.
                _handlerErrors++;
                _logger.LogError(ex, "datagram handler failed on {Endpoint}", LocalEndPoint);
            }
            finally
            {
                batch?.End();
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
