using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RtcLive.WebRtc.Dtls;
using RtcLive.WebRtc.Ice;
using RtcLive.WebRtc.Transport.IceTcp;

namespace RtcLive.WebRtc.Transport;

/// <summary>
/// The server's end of one peer connection on the shared UDP port: ICE-lite answers the peer's checks and
/// binds the address it nominates, DTLS (server role, as we answer <c>setup:passive</c>) keys SRTP, and
/// consent freshness (RFC 7675) ends the transport when the peer stops checking. The peer's path may also be an
/// ICE-TCP connection (RFC 6544): then checks, DTLS and SRTP travel framed over it and the UDP port is not used.
/// </summary>
public sealed class WebRtcTransport : IMuxEndpoint, IIceTcpEndpoint, IDisposable
{
    private readonly UdpMux _mux;
    private readonly IceLiteResponder _ice;
    private readonly DtlsSrtpTransport _secure;
    private readonly ILogger _logger;
    private readonly byte[] _stunResponse = new byte[IceLiteResponder.MinResponseBufferLength];
    private SocketAddress? _selected;
    private EndpointKey _selectedKey;
    // Set instead of _selected when the selected path is an ICE-TCP connection.
    private volatile IceTcpConnection? _selectedTcp;
    // Checks may arrive on the UDP thread and on TCP connections' threads at once; the ICE state and the response
    // buffer are single-threaded. Checks are rare (consent every few seconds), media never takes this lock.
    private readonly object _stunGate = new();
    private readonly long _createdMs = Environment.TickCount64;
    private readonly long _connectTimeoutMs;
    private int _closed;
    private bool _everSelected; // under the STUN lock
    private StunErrorBudget _stunErrors = new(StunErrorsPerSecond, StunErrorBurst);
    // The first refused check is logged (Debug): a peer whose checks all fail shows why, a flood shows once.
    private bool _refusalLogged;
    // The last check's source as an IPEndPoint: a peer checks from one address, so this spares an allocation per check.
    private EndpointKey _lastCheckKey;
    private IPEndPoint? _lastCheckEndPoint;

    /// <summary>Error responses a session sends per second (burst: <see cref="StunErrorBurst"/>); more failed checks go unanswered.</summary>
    public const int StunErrorsPerSecond = 5;

    public const int StunErrorBurst = 10;

    public WebRtcTransport(UdpMux mux, DtlsCertificate certificate, IceCredentials localIce, string remoteUfrag,
        DtlsFingerprint remoteFingerprint, WebRtcTransportOptions? options = null, ILogger? logger = null)
    {
        options ??= new WebRtcTransportOptions();
        _mux = mux;
        _logger = logger ?? NullLogger.Instance;
        _connectTimeoutMs = (long)options.ConnectTimeout.TotalMilliseconds;
        _ice = new IceLiteResponder(localIce, remoteUfrag, (long)options.ConsentTimeout.TotalMilliseconds);
        _secure = new DtlsSrtpTransport(certificate, DtlsRole.Server, remoteFingerprint, SendDatagram, options.Dtls, _logger);
        _secure.Connected += _ => Connected?.Invoke(this);
        _secure.Ended += (_, state, reason) => End(state, reason);
        _mux.Register(this);
    }

    public string LocalUfrag => _ice.LocalCredentials.Ufrag;

    public IceCredentials LocalIce => _ice.LocalCredentials;

    public MediaTransportState State => _closed != 0 ? _secure.State : !HasPath ? MediaTransportState.New : _secure.State;

    private bool HasPath => _selected is not null || _selectedTcp is not null;

    /// <summary>The protocol of the selected path: UDP, or TCP when the peer came over the ICE-TCP port; null before.</summary>
    public IceTransportProtocol? SelectedProtocol => _selectedTcp is not null ? IceTransportProtocol.Tcp : _selected is not null ? IceTransportProtocol.Udp : null;

    /// <summary>The address the peer nominated, once it has.</summary>
    public IPEndPoint? RemoteEndPoint => _ice.SelectedEndPoint;

    public DtlsSrtpTransport Secure => _secure;

    public IMediaReceiver? Receiver
    {
        get => _secure.Receiver;
        set => _secure.Receiver = value;
    }

    public event Action<WebRtcTransport>? Connected;

    /// <summary>
    /// Raised once, when the first authentic check binds a path (before DTLS starts), under the transport's STUN
    /// lock: handlers only take note.
    /// </summary>
    public event Action<WebRtcTransport>? PathSelected;

    /// <summary>Raised once when the transport fails or closes (consent lost, DTLS failed or closed, or Close).</summary>
    public event Action<WebRtcTransport, MediaTransportState, string>? Ended;

    public bool SendRtp(ReadOnlySpan<byte> packet) => _secure.SendRtp(packet);

    public bool SendRtcp(ReadOnlySpan<byte> packet) => _secure.SendRtcp(packet);

    /// <summary>ICE restart: checks must now use the new credentials; the media path stays until they do.</summary>
    public void RestartIce(IceCredentials newLocal, string newRemoteUfrag)
    {
        string old = LocalUfrag;
        _ice.Restart(newLocal, newRemoteUfrag);
        _mux.ChangeUfrag(this, old);
    }

    void IMuxEndpoint.OnStun(ReadOnlySpan<byte> packet, EndpointKey remote, SocketAddress remoteAddress)
    {
        lock (_stunGate)
        {
            if (_closed != 0) return;
            if (_lastCheckEndPoint is null || !remote.Equals(_lastCheckKey))
            {
                _lastCheckEndPoint = remote.ToIPEndPoint();
                _lastCheckKey = remote;
            }
            long nowMs = Environment.TickCount64;
            var result = _ice.Handle(packet, _lastCheckEndPoint, _stunResponse, nowMs);
            if (result.Status is IceCheckStatus.Unauthorized or IceCheckStatus.BadRequest)
            {
                _mux.Counters.DroppedBadStunCredentials++;
                if (!_refusalLogged)
                {
                    _refusalLogged = true;
                    _logger.LogDebug("ICE check from {Remote} for {Ufrag} refused ({Status}): expected USERNAME {Ufrag}:{RemoteUfrag}",
                        remote, LocalUfrag, result.Status, LocalUfrag, _ice.RemoteUfrag);
                }
                if (!_stunErrors.TryTake(nowMs))
                {
                    _mux.Counters.StunErrorsSuppressed++;
                    return;
                }
            }
            if (result.HasResponse)
                _mux.Send(_stunResponse.AsSpan(0, result.ResponseLength), remoteAddress);
            if (result.Status != IceCheckStatus.Success) return;

            // Bind on the first authentic check, not only on nomination: Chrome may send DTLS right after its
            // nominating check, and an authentic check already proves the address belongs to this peer.
            if (!HasPath || (result.Nominated && (_selectedTcp is not null || !remote.Equals(_selectedKey))))
            {
                bool first = !HasPath && !_everSelected;
                ReleasePath();
                var copy = new SocketAddress(remoteAddress.Family, remoteAddress.Size);
                remoteAddress.Buffer.CopyTo(copy.Buffer);
                _selectedKey = remote;
                _selected = copy;
                _mux.Bind(remote, this);
                _logger.LogDebug("ICE selected udp {Remote} for {Ufrag}", remote, LocalUfrag);
                if (first) OnFirstPath();
            }
        }
    }

    void IIceTcpEndpoint.OnStun(ReadOnlySpan<byte> packet, IceTcpConnection connection)
    {
        lock (_stunGate)
        {
            if (_closed != 0) return;
            var result = _ice.Handle(packet, connection.RemoteEndPoint, _stunResponse, Environment.TickCount64);
            // Selected before the answer leaves, so that whatever the peer sends on reading it finds the path set.
            if (result.Status == IceCheckStatus.Success && (!HasPath || (result.Nominated && !ReferenceEquals(_selectedTcp, connection))))
            {
                bool first = !HasPath && !_everSelected;
                ReleasePath();
                _selectedTcp = connection;
                connection.Bind(this);
                _logger.LogDebug("ICE selected tcp {Remote} for {Ufrag}", connection.RemoteEndPoint, LocalUfrag);
                if (first) OnFirstPath();
            }
            if (result.HasResponse)
                connection.Send(_stunResponse.AsSpan(0, result.ResponseLength));
        }
    }

    void IIceTcpEndpoint.OnClosed(IceTcpConnection connection)
    {
        // The selected path is gone: over TCP a closed connection cannot come back, so the peer must reconnect.
        if (ReferenceEquals(_selectedTcp, connection))
            End(MediaTransportState.Failed, "the ICE-TCP connection closed");
    }

    private void OnFirstPath()
    {
        _everSelected = true;
        PathSelected?.Invoke(this);
    }

    /// <summary>Forgets the selected path (UDP binding or TCP connection) before another is selected. Under the STUN lock.</summary>
    private void ReleasePath()
    {
        if (_selected is not null)
        {
            _mux.Unbind(_selectedKey, this);
            _selected = null;
        }
        if (_selectedTcp is { } tcp)
        {
            _selectedTcp = null;
            tcp.Unbind(this);
        }
    }

    void IMuxEndpoint.OnDtls(ReadOnlySpan<byte> packet, EndpointKey remote)
    {
        if (!_secure.HandleDtls(packet, remote)) _mux.Counters.DroppedHandshakeLimit++;
    }

    void IMuxEndpoint.OnSrtp(Span<byte> packet, PacketClass kind, EndpointKey remote) => _secure.HandleSrtp(packet, kind);

    void IMuxEndpoint.OnTick(long nowMs)
    {
        if (_ice.IsConsentExpired(nowMs))
            End(MediaTransportState.Failed, "ICE consent expired");
        else if (_secure.State != MediaTransportState.Connected && nowMs - _createdMs > _connectTimeoutMs)
            End(MediaTransportState.Failed, "peer did not connect in time");
    }

    private void SendDatagram(ReadOnlySpan<byte> datagram)
    {
        var tcp = _selectedTcp;
        if (tcp is not null)
        {
            tcp.Send(datagram);
            return;
        }
        var to = _selected;
        if (to is not null) _mux.Send(datagram, to);
    }

    private void End(MediaTransportState state, string reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        _mux.Unregister(this);
        _secure.Close();
        _selectedTcp?.Close();
        _logger.LogInformation("transport {Ufrag} ended: {Reason}", LocalUfrag, reason);
        Ended?.Invoke(this, state, reason);
    }

    public void Close() => End(MediaTransportState.Closed, "closed locally");

    public void Dispose()
    {
        Close();
        _secure.Dispose();
    }
}
