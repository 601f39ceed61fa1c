using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RtcLive.WebRtc.Ice;

namespace RtcLive.WebRtc.Transport;

/// <summary>
/// One UDP socket serving every peer of a node. A datagram is told apart by its first byte (RFC 7983);
/// a STUN check from an address not seen before reaches the session whose local ufrag its USERNAME names,
/// and that session binds the address once the check proves it knows the password. DTLS and SRTP are
/// accepted only from bound addresses, so a stranger can reach no session's DTLS or SRTP state.
/// </summary>
public sealed class UdpMux : IDisposable
{
    private const int ReceiveBufferSize = 2048;

    private readonly Socket _socket;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, IMuxEndpoint> _byUfrag = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IMuxEndpoint>.AlternateLookup<ReadOnlySpan<char>> _byUfragSpan;
    private readonly ConcurrentDictionary<EndpointKey, IMuxEndpoint> _byAddress = new();
    private readonly Thread _receiveThread;
    private readonly Timer _tick;
    private volatile bool _stopping;

    public UdpMux(UdpMuxOptions options, ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
        _socket = new Socket(options.Bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.ReceiveBufferSize = options.ReceiveBufferBytes;
        _socket.SendBufferSize = options.SendBufferBytes;
        _socket.Bind(options.Bind);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _byUfragSpan = _byUfrag.GetAlternateLookup<ReadOnlySpan<char>>();
        _receiveThread = new Thread(ReceiveLoop) { IsBackground = true, Name = $"udp-mux {LocalEndPoint}" };
        _tick = new Timer(_ => Tick(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        TickInterval = options.TickInterval;
    }

    public IPEndPoint LocalEndPoint { get; }

    public UdpMuxCounters Counters { get; } = new();

    public int SessionCount => _byUfrag.Count;

    private TimeSpan TickInterval { get; }

    public void Start()
    {
        _receiveThread.Start();
        _tick.Change(TickInterval, TickInterval);
    }

    public void Register(IMuxEndpoint endpoint)
    {
        if (!_byUfrag.TryAdd(endpoint.LocalUfrag, endpoint))
            throw new InvalidOperationException($"ufrag '{endpoint.LocalUfrag}' is already registered");
    }

    /// <summary>Forgets a session: its ufrag and every address bound to it.</summary>
    public void Unregister(IMuxEndpoint endpoint)
    {
        _byUfrag.TryRemove(new KeyValuePair<string, IMuxEndpoint>(endpoint.LocalUfrag, endpoint));
        foreach (var pair in _byAddress)
        {
            if (ReferenceEquals(pair.Value, endpoint))
                _byAddress.TryRemove(pair);
        }
    }

    /// <summary>An ICE restart gives a session a new ufrag; checks with the old one stop routing to it.</summary>
    public void ChangeUfrag(IMuxEndpoint endpoint, string oldUfrag)
    {
        _byUfrag.TryRemove(new KeyValuePair<string, IMuxEndpoint>(oldUfrag, endpoint));
        Register(endpoint);
    }

    /// <summary>Routes DTLS and SRTP from <paramref name="remote"/> to <paramref name="endpoint"/>.</summary>
    public void Bind(EndpointKey remote, IMuxEndpoint endpoint) => _byAddress[remote] = endpoint;

    public void Unbind(EndpointKey remote, IMuxEndpoint endpoint) =>
        _byAddress.TryRemove(new KeyValuePair<EndpointKey, IMuxEndpoint>(remote, endpoint));

    /// <summary>Sends one datagram. Safe from any thread; failures are counted, never thrown.</summary>
    public void Send(ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, remote);
        }
        catch (SocketException)
        {
            // A full send buffer or an ICMP-reported unreachable peer: UDP media tolerates the loss, and the
            // peer's consent checks decide whether it is gone.
            Interlocked.Increment(ref Counters.SendErrors);
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
                // ICMP port-unreachable from a departed peer surfaces here as ConnectionReset on Linux too.
                Counters.ReceiveErrors++;
                if (ex.SocketErrorCode != SocketError.ConnectionReset)
                    _logger.LogDebug(ex, "media socket receive error");
                continue;
            }
            catch (Exception) when (_stopping)
            {
                break;
            }

            Counters.DatagramsIn++;
            Counters.BytesIn += length;
            try
            {
                Dispatch(buffer.AsSpan(0, length), from);
            }
            catch (Exception ex)
            {
                // A session's bug must not stop the port for everyone else.
                Counters.ReceiveErrors++;
                _logger.LogError(ex, "datagram handler failed");
            }
        }
    }

    private void Dispatch(Span<byte> datagram, SocketAddress from)
    {
        var kind = PacketClassifier.Classify(datagram);
        if (kind == PacketClass.Unknown)
        {
            Counters.DroppedUnknownKind++;
            return;
        }

        var key = EndpointKey.From(from);
        _byAddress.TryGetValue(key, out var bound);

        if (kind == PacketClass.Stun)
        {
            var target = bound ?? FindByUsername(datagram);
            if (target is null)
            {
                Counters.DroppedStunWithoutSession++;
                return;
            }
            target.OnStun(datagram, key, from);
            return;
        }

        if (bound is null)
        {
            Counters.DroppedUnboundAddress++;
            return;
        }
        if (kind == PacketClass.Dtls)
            bound.OnDtls(datagram, key);
        else
            bound.OnSrtp(datagram, kind, key);
    }

    /// <summary>USERNAME of a check is "receiver-ufrag:sender-ufrag"; the receiver's half names our session.</summary>
    private IMuxEndpoint? FindByUsername(ReadOnlySpan<byte> datagram)
    {
        if (!IceUsername.TryGetReceiverUfrag(datagram, out var receiver) || receiver.Length > IceCredentials.MaxLength)
            return null;
        Span<char> ufrag = stackalloc char[receiver.Length];
        for (int i = 0; i < receiver.Length; i++) ufrag[i] = (char)receiver[i];
        return _byUfragSpan.TryGetValue(ufrag, out var endpoint) ? endpoint : null;
    }

    private void Tick()
    {
        long now = Environment.TickCount64;
        foreach (var pair in _byUfrag)
        {
            try
            {
                pair.Value.OnTick(now);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "session tick failed");
            }
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _tick.Dispose();
        _socket.Dispose();
        if (_receiveThread.IsAlive) _receiveThread.Join(TimeSpan.FromSeconds(2));
    }
}
