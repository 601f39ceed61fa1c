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
public sealed class UdpMux : IDatagramSink, IDisposable
{
    private readonly UdpSocket _socket;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, IMuxEndpoint> _byUfrag = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IMuxEndpoint>.AlternateLookup<ReadOnlySpan<char>> _byUfragSpan;
    private readonly ConcurrentDictionary<EndpointKey, IMuxEndpoint> _byAddress = new();
    private readonly Timer _tick;

    public UdpMux(UdpMuxOptions options, ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
        _socket = new UdpSocket(options.Bind, options.ReceiveBufferBytes, options.SendBufferBytes, this, _logger, "udp-mux", options.SendBatch);
        LocalEndPoint = _socket.LocalEndPoint;
        Counters = new UdpMuxCounters(_socket);
        _byUfragSpan = _byUfrag.GetAlternateLookup<ReadOnlySpan<char>>();
        _tick = new Timer(_ => Tick(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        TickInterval = options.TickInterval;
    }

    public IPEndPoint LocalEndPoint { get; }

    public UdpMuxCounters Counters { get; }

    public int SessionCount => _byUfrag.Count;

    /// <summary>
    /// Remote addresses bound to sessions. Only an authentic check binds one, and a session holds one at a time, so
    /// strangers and floods cannot grow this table: it is bounded by <see cref="SessionCount"/>.
    /// </summary>
    public int BoundAddressCount => _byAddress.Count;

    private TimeSpan TickInterval { get; }

    public void Start()
    {
        _socket.Start();
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
    public void Send(ReadOnlySpan<byte> datagram, SocketAddress remote) => _socket.Send(datagram, remote);

    void IDatagramSink.OnDatagram(Span<byte> datagram, SocketAddress from)
    {
        Counters.DatagramsIn++;
        Counters.BytesIn += datagram.Length;
        Dispatch(datagram, from);
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
                LogStunWithoutSession(datagram, key);
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

    /// <summary>
    /// USERNAME of a check is "receiver-ufrag:sender-ufrag"; the receiver's half names our session. Also how the
    /// ICE-TCP port finds the session of a new connection, so both transports share one table.
    /// </summary>
    public IMuxEndpoint? FindByUsername(ReadOnlySpan<byte> datagram)
    {
        if (!IceUsername.TryGetReceiverUfrag(datagram, out var receiver) || receiver.Length > IceCredentials.MaxLength)
            return null;
        Span<char> ufrag = stackalloc char[receiver.Length];
        for (int i = 0; i < receiver.Length; i++) ufrag[i] = (char)receiver[i];
        return _byUfragSpan.TryGetValue(ufrag, out var endpoint) ? endpoint : null;
    }

    /// <summary>At most one line a second (Debug): checks that name no session are floods, or a peer ahead of its session.</summary>
    private void LogStunWithoutSession(ReadOnlySpan<byte> datagram, EndpointKey from)
    {
        long now = Environment.TickCount64;
        if (!_logger.IsEnabled(LogLevel.Debug) || now - _stunWithoutSessionLoggedMs < 1000) return;
        _stunWithoutSessionLoggedMs = now;
        string ufrag = IceUsername.TryGetReceiverUfrag(datagram, out var receiver) ? System.Text.Encoding.ASCII.GetString(receiver[..Math.Min(receiver.Length, 64)]) : "(none)";
        _logger.LogDebug("STUN from {Remote} names ufrag {Ufrag}, which no session has (yet)", from, ufrag);
    }

    private long _stunWithoutSessionLoggedMs = long.MinValue / 2;

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
        _tick.Dispose();
        _socket.Dispose();
    }
}
