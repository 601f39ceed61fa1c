using System.Buffers;
using Org.BouncyCastle.Tls;

namespace RtcLive.WebRtc.Dtls;

/// <summary>
/// The datagram pipe between one DTLS session and the outside world. BouncyCastle's DTLS code pulls datagrams with a
/// blocking <see cref="Receive(byte[], int, int, int)"/>; the single-port UDP mux, which owns the socket, pushes the
/// DTLS datagrams (first byte 20–63, RFC 7983) of this peer in with <see cref="Enqueue"/>, and outgoing datagrams
/// go to the send callback, which writes them to the socket.
/// </summary>
/// <remarks>
/// The queue is bounded: DTLS needs only a handful of datagrams in flight, and a flood from a misbehaving peer
/// must not grow memory. Datagrams beyond the capacity are dropped and counted, as a full socket buffer would.
/// Datagrams that are not well-formed DTLS records are discarded on the way in and out (<see cref="RejectedDatagrams"/>),
/// see <see cref="DtlsRecordFilter"/> for why. Not on the media hot path (DTLS traffic is a few datagrams per
/// session), so a lock keeps it simple.
/// </remarks>
public sealed class DtlsDatagramChannel : DatagramTransport
{
    /// <summary>Default queue capacity in datagrams.</summary>
    public const int DefaultCapacity = 64;

    /// <summary>
    /// Default largest datagram accepted. Chrome splits its ~1.4 kB ClientHello over datagrams close to 1200 bytes;
    /// anything below ~1200 would silently lose it, 1500 (an Ethernet MTU) leaves headroom.
    /// </summary>
    public const int DefaultReceiveLimit = 1500;

    /// <summary>
    /// Default largest datagram sent. 1200 bytes fits any path that carries WebRTC (IPv6 minimum MTU less headers,
    /// TURN overhead); BouncyCastle fragments handshake messages to stay under it.
    /// </summary>
    public const int DefaultSendLimit = 1200;

    private readonly Action<ReadOnlySpan<byte>> _send;
    private readonly object _gate = new();
    private readonly byte[][] _buffers;
    private readonly int[] _lengths;
    private readonly int _receiveLimit;
    private readonly int _sendLimit;
    private int _head;
    private int _count;
    private bool _closed;
    private long _dropped;
    private long _rejected;
    private volatile DtlsRecordFilter _filter = DtlsRecordFilter.HeadersOnly;
    private Action? _datagramQueued;
    // Until the handshake's end (the strict record filter), records that arrive too early wait for their turn.
    private bool _handshaking = true;
    private readonly DtlsFlightOrder _order = new();

    /// <param name="send">Writes one datagram to the peer (the UDP socket). Called on the DTLS session's threads; it should
    /// treat transient socket errors as loss rather than throw, because an exception here aborts the handshake.</param>
    /// <param name="capacity">Datagrams held before further ones are dropped.</param>
    /// <param name="receiveLimit">Largest datagram accepted; larger ones are dropped.</param>
    /// <param name="sendLimit">Largest datagram DTLS will produce.</param>
    public DtlsDatagramChannel(Action<ReadOnlySpan<byte>> send, int capacity = DefaultCapacity,
        int receiveLimit = DefaultReceiveLimit, int sendLimit = DefaultSendLimit)
    {
        ArgumentNullException.ThrowIfNull(send);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        // DTLS 1.2 records carry a 13-byte header plus cipher overhead; below ~256 bytes no handshake fits.
        ArgumentOutOfRangeException.ThrowIfLessThan(receiveLimit, 256);
        ArgumentOutOfRangeException.ThrowIfLessThan(sendLimit, 256);
        _send = send;
        _buffers = new byte[capacity][];
        _lengths = new int[capacity];
        _receiveLimit = receiveLimit;
        _sendLimit = sendLimit;
    }

    /// <summary>Datagrams dropped because the queue was full, the datagram too large or empty, or the channel closed.</summary>
    public long DroppedDatagrams => Interlocked.Read(ref _dropped);

    /// <summary>
    /// Datagrams discarded because they were not well-formed DTLS records (see <see cref="DtlsRecordFilter"/>):
    /// noise, truncation or an attack; never something a real peer sends.
    /// </summary>
    public long RejectedDatagrams => Interlocked.Read(ref _rejected);

    /// <summary>Datagrams waiting to be read.</summary>
    public int QueuedDatagrams
    {
        get { lock (_gate) return _count; }
    }

    /// <summary>True once <see cref="Close"/> has run; nothing is queued or sent after that.</summary>
    public bool IsClosed
    {
        get { lock (_gate) return _closed; }
    }

    /// <summary>
    /// Hands a received datagram to the DTLS session. The bytes are copied, so the caller may reuse its buffer.
    /// Never blocks or throws; returns false (and counts it as dropped or rejected) when the datagram was not queued.
    /// </summary>
    public bool Enqueue(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty || datagram.Length > _receiveLimit)
        {
            Interlocked.Increment(ref _dropped);
            return false;
        }
        if (!_filter.Admits(datagram))
        {
            Interlocked.Increment(ref _rejected);
            return false;
        }

        Action? notify;
        lock (_gate)
        {
            if (_closed || _count == _buffers.Length)
            {
                Interlocked.Increment(ref _dropped);
                return false;
            }
            byte[] buffer = ArrayPool<byte>.Shared.Rent(datagram.Length);
            datagram.CopyTo(buffer);
            int tail = (_head + _count) % _buffers.Length;
            _buffers[tail] = buffer;
            _lengths[tail] = datagram.Length;
            _count++;
            Monitor.Pulse(_gate);
            notify = _datagramQueued;
        }
        notify?.Invoke();
        return true;
    }

    /// <summary>Largest datagram the DTLS code may expect to read.</summary>
    public int GetReceiveLimit() => _receiveLimit;

    /// <summary>Largest datagram the DTLS code may write.</summary>
    public int GetSendLimit() => _sendLimit;

    /// <summary>
    /// Waits up to <paramref name="waitMillis"/> (0 waits without limit, as BouncyCastle's socket transports do) for a
    /// datagram and copies it into <paramref name="buf"/>; a datagram longer than <paramref name="len"/> is cut, as a
    /// UDP socket would. Returns the length copied or -1 on timeout; throws an <see cref="IOException"/> once closed.
    /// </summary>
    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    /// <inheritdoc cref="Receive(byte[], int, int, int)"/>
    public int Receive(Span<byte> buffer, int waitMillis)
    {
        long deadline = waitMillis > 0 ? Environment.TickCount64 + waitMillis : long.MaxValue;
        while (true)
        {
            byte[] datagram;
            int length;
            lock (_gate)
            {
                int next;
                while ((next = NextLocked()) < 0 && !_closed)
                {
                    long remaining = deadline - Environment.TickCount64;
                    if (remaining <= 0) return -1;
                    Monitor.Wait(_gate, (int)Math.Min(remaining, int.MaxValue));
                }
                if (_closed) throw new DtlsChannelClosedException();

                TakeLocked(next, out datagram, out length);
            }

            // Checked again on the way out: the filter may have become stricter since the datagram was queued.
            bool admitted = _filter.Admits(datagram.AsSpan(0, length));
            int copied = Math.Min(length, buffer.Length);
            if (admitted) datagram.AsSpan(0, copied).CopyTo(buffer);
            ArrayPool<byte>.Shared.Return(datagram);
            if (admitted) return copied;
            Interlocked.Increment(ref _rejected);
        }
    }

    /// <summary>
    /// Where the next datagram to read is (an offset from the head), or -1 when none may be read yet. After the
    /// handshake that is the oldest; during it, the oldest that <see cref="DtlsFlightOrder"/> does not hold back.
    /// </summary>
    private int NextLocked()
    {
        if (_count == 0) return -1;
        if (!_handshaking) return 0;
        for (int i = 0; i < _count; i++)
        {
            int slot = (_head + i) % _buffers.Length;
            if (_order.MayRead(_buffers[slot].AsSpan(0, _lengths[slot]))) return i;
        }
        return -1;
    }

    /// <summary>Takes the datagram <paramref name="pick"/> places from the head; those before it keep their order.</summary>
    private void TakeLocked(int pick, out byte[] datagram, out int length)
    {
        int taken = (_head + pick) % _buffers.Length;
        datagram = _buffers[taken];
        length = _lengths[taken];
        for (int i = pick; i > 0; i--)
        {
            int to = (_head + i) % _buffers.Length, from = (_head + i - 1) % _buffers.Length;
            _buffers[to] = _buffers[from];
            _lengths[to] = _lengths[from];
        }
        _buffers[_head] = null!;
        _head = (_head + 1) % _buffers.Length;
        _count--;
        if (_handshaking) _order.Read(datagram.AsSpan(0, length));
    }

    /// <summary>Sends one datagram through the callback; silently discarded once the channel is closed.</summary>
    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    /// <inheritdoc cref="Send(byte[], int, int)"/>
    public void Send(ReadOnlySpan<byte> buffer)
    {
        if (IsClosed) return;
        _send(buffer);
    }

    /// <summary>Closes the channel: wakes a blocked <see cref="Receive(byte[], int, int, int)"/>, frees queued datagrams,
    /// and turns later sends and enqueues into no-ops. Idempotent.</summary>
    public void Close()
    {
        lock (_gate)
        {
            if (_closed) return;
            _closed = true;
            while (_count > 0)
            {
                ArrayPool<byte>.Shared.Return(_buffers[_head]);
                _buffers[_head] = null!;
                _head = (_head + 1) % _buffers.Length;
                _count--;
            }
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>
    /// Registers the callback a connected <see cref="DtlsTransport"/> uses to learn that post-handshake traffic
    /// (a retransmitted Finished flight, close_notify) is waiting. Runs on the enqueuing thread, outside the lock.
    /// </summary>
    internal void SetDatagramQueuedCallback(Action? callback)
    {
        lock (_gate) _datagramQueued = callback;
    }

    /// <summary>A server that asks for the client's certificate reads the client's ChangeCipherSpec only after its CertificateVerify.</summary>
    internal void ExpectCertificateVerify()
    {
        lock (_gate) _order.ExpectCertificateVerify = true;
    }

    /// <summary>Tightens the record screening once the negotiated cipher suite is known; the handshake is over.</summary>
    internal void SetRecordFilter(DtlsRecordFilter filter)
    {
        _filter = filter;
        lock (_gate)
        {
            _handshaking = false;
            Monitor.PulseAll(_gate);
        }
    }
}
