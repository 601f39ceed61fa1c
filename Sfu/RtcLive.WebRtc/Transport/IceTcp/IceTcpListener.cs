using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace RtcLive.WebRtc.Transport.IceTcp;

/// <summary>
/// The node's ICE-TCP port: passive TCP candidates (RFC 6544) for peers whose network blocks UDP. Every accepted
/// connection is its own path, framed by RFC 4571 and demultiplexed like a UDP datagram (<see cref="IceTcpConnection"/>);
/// sessions are found by the ufrag of their checks through the same <see cref="UdpMux"/> table, so a session is
/// reachable over UDP and TCP alike and ICE picks. Connections are limited in number (in all and per address),
/// must bind to a session by an authentic check soon after opening, and are closed when idle.
/// </summary>
public sealed class IceTcpListener : IDisposable
{
    private readonly Socket _socket;
    private readonly IceTcpOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<IceTcpConnection, byte> _connections = new();
    private readonly ConcurrentDictionary<IPAddress, int> _perAddress = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Timer _sweep;
    private Task? _acceptLoop;

    public IceTcpListener(UdpMux mux, IceTcpOptions options, ILogger? logger = null)
    {
        options.Validate();
        Mux = mux;
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _socket = new Socket(options.Bind.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (options.Bind.AddressFamily == AddressFamily.InterNetworkV6) _socket.DualMode = true;
            _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _socket.Bind(options.Bind);
            _socket.Listen(512);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _sweep = new Timer(_ => Sweep(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public IPEndPoint LocalEndPoint { get; }

    public UdpMux Mux { get; }

    public IceTcpCounters Counters { get; } = new();

    public int ConnectionCount => _connections.Count;

    public void Start()
    {
        _acceptLoop = AcceptLoopAsync(_stop.Token);
        _sweep.Change(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await _socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException ex)
            {
                // Out of descriptors, or a connection reset before it was accepted: keep serving.
                _logger.LogWarning(ex, "ICE-TCP accept failed on {Endpoint}", LocalEndPoint);
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
                continue;
            }
            Admit(accepted, cancellationToken);
        }
    }

    private void Admit(Socket socket, CancellationToken cancellationToken)
    {
        IPAddress? address = (socket.RemoteEndPoint as IPEndPoint)?.Address;
        if (address is null || _connections.Count >= _options.MaxConnections || !TryCountAddress(address))
        {
            Interlocked.Increment(ref Counters.RefusedOverLimit);
            _logger.LogDebug("ICE-TCP connection from {Remote} refused: over the connection limit", socket.RemoteEndPoint);
            socket.Dispose();
            return;
        }
        IceTcpConnection connection;
        try
        {
            socket.NoDelay = true; // media is latency-bound; frames are already packet-sized
            socket.Blocking = false; // sends that would block are queued, never waited for
            connection = new IceTcpConnection(socket, this, _options, Counters, _logger);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            UncountAddress(address);
            socket.Dispose();
            return;
        }
        _connections[connection] = 0;
        Interlocked.Increment(ref Counters.Accepted);
        Interlocked.Increment(ref Counters.Open);
        _ = connection.RunAsync(cancellationToken);
    }

    private bool TryCountAddress(IPAddress address)
    {
        while (true)
        {
            int current = _perAddress.GetValueOrDefault(address);
            if (current >= _options.MaxConnectionsPerAddress) return false;
            if (current == 0 ? _perAddress.TryAdd(address, 1) : _perAddress.TryUpdate(address, current + 1, current)) return true;
        }
    }

    private void UncountAddress(IPAddress address)
    {
        while (_perAddress.TryGetValue(address, out int current))
        {
            if (current <= 1 ? _perAddress.TryRemove(new KeyValuePair<IPAddress, int>(address, current))
                : _perAddress.TryUpdate(address, current - 1, current)) return;
        }
    }

    /// <summary>Called once by a connection as it closes.</summary>
    internal void Forget(IceTcpConnection connection)
    {
        if (!_connections.TryRemove(connection, out _)) return;
        Interlocked.Decrement(ref Counters.Open);
        UncountAddress(connection.RemoteEndPoint.Address);
    }

    private void Sweep()
    {
        long now = Environment.TickCount64;
        long idleMs = (long)_options.IdleTimeout.TotalMilliseconds;
        long bindMs = (long)_options.BindTimeout.TotalMilliseconds;
        foreach (var connection in _connections.Keys)
        {
            if (connection.Bound is null && now - connection.OpenedMs > bindMs)
            {
                Interlocked.Increment(ref Counters.ClosedUnbound);
                connection.Close();
            }
            else if (now - connection.LastReceiveMs > idleMs)
            {
                Interlocked.Increment(ref Counters.ClosedIdle);
                connection.Close();
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _sweep.Dispose();
        _socket.Dispose();
        foreach (var connection in _connections.Keys) connection.Close();
        _stop.Dispose();
    }
}
