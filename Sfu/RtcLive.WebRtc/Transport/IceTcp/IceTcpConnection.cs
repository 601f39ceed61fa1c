using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace RtcLive.WebRtc.Transport.IceTcp;

/// <summary>
/// One accepted ICE-TCP connection (RFC 6544): the peer's packets arrive framed by RFC 4571 and are told apart
/// by their first byte exactly as on the UDP port (RFC 7983). Until an authentic ICE check binds it to a session,
/// only STUN is looked at; afterwards DTLS and SRTP go to that session and nowhere else.
/// </summary>
/// <remarks>
/// Sending: a packet is written straight to the (non-blocking) socket when nothing is queued, which is the usual
/// case and allocates nothing. When the kernel's buffer is full the rest waits in a bounded ring that a flush loop
/// drains; when the ring is full too, packets are dropped and counted (a slow reader costs its own loss, never
/// unbounded memory or the sender's thread).
/// </remarks>
public sealed class IceTcpConnection : IFramedPacketSink, IDisposable
{
    private readonly Socket _socket;
    private readonly IceTcpListener _listener;
    private readonly IceTcpCounters _counters;
    private readonly ILogger _logger;
    private readonly FramedPacketReader _reader;
    private readonly byte[] _receiveBuffer;
    private readonly byte[] _frameBuffer;
    private readonly int _queueCapacity;
    private readonly object _sendGate = new();
    private byte[]? _queue;
    private int _queueHead;
    private int _queueCount;
    private bool _flushing;
    private volatile IMuxEndpoint? _bound;
    private long _lastReceiveMs;
    private int _closed;

    internal IceTcpConnection(Socket socket, IceTcpListener listener, IceTcpOptions options, IceTcpCounters counters, ILogger logger)
    {
        _socket = socket;
        _listener = listener;
        _counters = counters;
        _logger = logger;
        _reader = new FramedPacketReader(options.MaxFrameBytes);
        _receiveBuffer = new byte[Math.Max(8192, options.MaxFrameBytes + FramedPacketReader.HeaderLength)];
        _frameBuffer = new byte[options.MaxFrameBytes + FramedPacketReader.HeaderLength];
        _queueCapacity = options.SendQueueBytes;
        RemoteEndPoint = (IPEndPoint)socket.RemoteEndPoint!;
        Remote = EndpointKey.From(RemoteEndPoint);
        OpenedMs = Environment.TickCount64;
        _lastReceiveMs = OpenedMs;
    }

    public IPEndPoint RemoteEndPoint { get; }

    public EndpointKey Remote { get; }

    public long OpenedMs { get; }

    public long LastReceiveMs => Volatile.Read(ref _lastReceiveMs);

    /// <summary>The session an authentic check bound this connection to; null until then.</summary>
    public IMuxEndpoint? Bound => _bound;

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Bytes waiting to be written because the peer reads slower than we send.</summary>
    public int QueuedBytes
    {
        get { lock (_sendGate) return _queueCount; }
    }

    /// <summary>Routes this connection's DTLS and SRTP to <paramref name="endpoint"/> (after an authentic check).</summary>
    public void Bind(IMuxEndpoint endpoint) => _bound = endpoint;

    public void Unbind(IMuxEndpoint endpoint)
    {
        if (ReferenceEquals(_bound, endpoint)) _bound = null;
    }

    internal async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!IsClosed)
            {
                int read = await _socket.ReceiveAsync(_receiveBuffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (read == 0) break; // the peer closed its side
                Volatile.Write(ref _lastReceiveMs, Environment.TickCount64);
                _reader.Feed(_receiveBuffer.AsSpan(0, read), this);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Reset by the peer, closed by us (idle, limits, shutdown): nothing to report beyond the close.
        }
        catch (Exception ex)
        {
            // A bug in a handler must end this connection only, never the listener or other peers.
            _logger.LogError(ex, "ICE-TCP connection from {Remote} failed", RemoteEndPoint);
        }
        finally
        {
            Close();
        }
    }

    void IFramedPacketSink.OnFrame(Span<byte> frame)
    {
        Interlocked.Increment(ref _counters.FramesIn);
        Interlocked.Add(ref _counters.BytesIn, frame.Length);
        var kind = PacketClassifier.Classify(frame);
        if (kind == PacketClass.Unknown)
        {
            Interlocked.Increment(ref _counters.DroppedUnknownKind);
            return;
        }

        var bound = _bound;
        if (kind == PacketClass.Stun)
        {
            // A bound connection belongs to its session: checks naming another session's ufrag go nowhere else.
            var target = bound ?? _listener.Mux.FindByUsername(frame);
            if (target is not IIceTcpEndpoint tcpTarget)
            {
                Interlocked.Increment(ref _counters.DroppedStunWithoutSession);
                return;
            }
            tcpTarget.OnStun(frame, this);
            return;
        }

        if (bound is null)
        {
            Interlocked.Increment(ref _counters.DroppedUnbound);
            return;
        }
        if (kind == PacketClass.Dtls)
            bound.OnDtls(frame, Remote);
        else
            bound.OnSrtp(frame, kind, Remote);
    }

    void IFramedPacketSink.OnOversizeFrame(int length)
    {
        Interlocked.Increment(ref _counters.DroppedOversize);
        _logger.LogDebug("ICE-TCP frame of {Length} bytes from {Remote} skipped (limit {Limit})", length, RemoteEndPoint, _reader.MaxFrameLength);
    }

    /// <summary>
    /// Frames <paramref name="packet"/> and sends it. Safe from any thread. False when it was dropped: the
    /// connection is closed, the packet is too long to frame, or the peer is so far behind that the queue is full.
    /// </summary>
    public bool Send(ReadOnlySpan<byte> packet)
    {
        int frameLength = packet.Length + FramedPacketReader.HeaderLength;
        if (packet.Length > ushort.MaxValue || frameLength > _frameBuffer.Length) return false;
        bool failed = false;
        lock (_sendGate)
        {
            if (IsClosed) return false;
            if (_queueCount == 0 && !_flushing)
            {
                FramedPacketReader.WriteHeader(_frameBuffer, packet.Length);
                packet.CopyTo(_frameBuffer.AsSpan(FramedPacketReader.HeaderLength));
                int sent;
                SocketError error;
                try
                {
                    sent = _socket.Send(_frameBuffer, 0, frameLength, SocketFlags.None, out error);
                }
                catch (ObjectDisposedException)
                {
                    return false;
                }
                if (error == SocketError.Success && sent == frameLength)
                {
                    Count(packet.Length);
                    return true;
                }
                if (error is SocketError.Success or SocketError.WouldBlock)
                {
                    // The kernel took part (or none) of it: the rest waits in the queue, in order, for the flush loop.
                    Enqueue(_frameBuffer.AsSpan(Math.Max(0, sent), frameLength - Math.Max(0, sent)));
                    _flushing = true;
                    _ = FlushAsync();
                    Count(packet.Length);
                    return true;
                }
                failed = true;
            }
            else if (_queueCapacity - _queueCount < frameLength)
            {
                Interlocked.Increment(ref _counters.DroppedSendQueueFull);
                return false;
            }
            else
            {
                Span<byte> header = stackalloc byte[FramedPacketReader.HeaderLength];
                FramedPacketReader.WriteHeader(header, packet.Length);
                Enqueue(header);
                Enqueue(packet);
                Count(packet.Length);
                return true;
            }
        }
        if (failed) Close();
        return false;
    }

    private void Count(int bytes)
    {
        Interlocked.Increment(ref _counters.FramesOut);
        Interlocked.Add(ref _counters.BytesOut, bytes);
    }

    /// <summary>Appends to the ring. Caller holds the send lock and has checked there is room.</summary>
    private void Enqueue(ReadOnlySpan<byte> bytes)
    {
        // The ring exists only for peers that fell behind once; most connections never need it.
        _queue ??= new byte[_queueCapacity];
        int tail = (_queueHead + _queueCount) % _queueCapacity;
        int first = Math.Min(bytes.Length, _queueCapacity - tail);
        bytes[..first].CopyTo(_queue.AsSpan(tail));
        bytes[first..].CopyTo(_queue);
        _queueCount += bytes.Length;
    }

    private async Task FlushAsync()
    {
        try
        {
            while (true)
            {
                ReadOnlyMemory<byte> chunk;
                lock (_sendGate)
                {
                    if (_queueCount == 0 || IsClosed || _queue is null)
                    {
                        _flushing = false;
                        return;
                    }
                    chunk = _queue.AsMemory(_queueHead, Math.Min(_queueCount, _queueCapacity - _queueHead));
                }
                int sent = await _socket.SendAsync(chunk, SocketFlags.None).ConfigureAwait(false);
                lock (_sendGate)
                {
                    if (IsClosed)
                    {
                        _flushing = false;
                        return;
                    }
                    _queueHead = (_queueHead + sent) % _queueCapacity;
                    _queueCount -= sent;
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            lock (_sendGate) _flushing = false;
            Close();
        }
    }

    /// <summary>Closes the connection (idempotent); its session hears of it if it had bound it.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        try
        {
            _socket.Dispose();
        }
        catch (ObjectDisposedException)
        {
        }
        lock (_sendGate) _queueCount = 0;
        _listener.Forget(this);
        if (_bound is IIceTcpEndpoint endpoint)
        {
            try
            {
                endpoint.OnClosed(this);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "ICE-TCP close handler failed for {Remote}", RemoteEndPoint);
            }
        }
    }

    public void Dispose() => Close();

    public override string ToString() => $"tcp:{RemoteEndPoint}";
}
