using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RtcLive.WebRtc.Dtls;
using RtcLive.WebRtc.Srtp;

namespace RtcLive.WebRtc.Transport;

/// <summary>
/// The secure half of a peer connection once ICE has chosen a path: runs the DTLS handshake over that path,
/// keys SRTP from it, decrypts what arrives and encrypts what leaves. Shared by the server's
/// <see cref="WebRtcTransport"/> and the headless client peer, which differ only in how they do ICE.
/// </summary>
public sealed class DtlsSrtpTransport : IDisposable
{
    private const int MaxDatagram = 1500;

    private readonly DtlsDatagramChannel _channel;
    private readonly DtlsTransport _dtls;
    private readonly DtlsRole _role;
    private readonly DtlsFingerprint _remoteFingerprint;
    private readonly Action<ReadOnlySpan<byte>> _send;
    private readonly ILogger _logger;
    private readonly DtlsHandshakeLimiter _limiter;
    private readonly object _sendGate = new();
    private readonly byte[] _sendBuffer = new byte[MaxDatagram + 64];
    private SrtpSession? _srtp;
    private int _started;
    private volatile MediaTransportState _state = MediaTransportState.New;
    private long _unprotectFailures;

    // The peer may finish the handshake and send media a moment before our side has its keys (the handshake's
    // completion reaches us through the thread pool); those first packets are held here, not dropped.
    private const int EarlyPacketLimit = 32;
    private readonly object _earlyGate = new();
    private List<(byte[] Packet, PacketClass Kind)>? _early = [];

    public DtlsSrtpTransport(DtlsCertificate certificate, DtlsRole role, DtlsFingerprint remoteFingerprint,
        Action<ReadOnlySpan<byte>> sendDatagram, DtlsTransportOptions? options = null, ILogger? logger = null)
    {
        _role = role;
        _remoteFingerprint = remoteFingerprint;
        _send = sendDatagram;
        _logger = logger ?? NullLogger.Instance;
        _channel = new DtlsDatagramChannel(sendDatagram);
        _dtls = new DtlsTransport(certificate, _channel, options);
        _limiter = (options ?? DtlsTransportOptions.Default).Limiter;
        _dtls.Closed += (_, e) => Finish(MediaTransportState.Closed, $"DTLS closed: {e.Reason} {e.Detail}");
    }

    /// <summary>Raised once when SRTP keys are ready and media can flow.</summary>
    public event Action<DtlsSrtpTransport>? Connected;

    /// <summary>Raised once when the transport fails or closes, with the reason.</summary>
    public event Action<DtlsSrtpTransport, MediaTransportState, string>? Ended;

    public MediaTransportState State => _state;

    public DtlsRole Role => _role;

    /// <summary>The negotiated SRTP profile, once connected.</summary>
    public SrtpProfile? Profile => _srtp?.Profile;

    public TimeSpan? HandshakeDuration => _dtls.HandshakeDuration;

    /// <summary>Receives decrypted RTP and RTCP. Set it before media can arrive.</summary>
    public IMediaReceiver? Receiver { get; set; }

    /// <summary>SRTP/SRTCP packets that failed authentication, replay or parsing and were dropped.</summary>
    public long UnprotectFailures => Interlocked.Read(ref _unprotectFailures);

    /// <summary>
    /// Starts the handshake. A DTLS client sends its ClientHello now; a server waits for one. Servers may also
    /// leave this to the first DTLS datagram, so that no handshake thread waits for a peer that never comes.
    /// </summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0) return;
        _state = MediaTransportState.Connecting;
        _ = CompleteHandshakeAsync(_dtls.HandshakeAsync(_role, _remoteFingerprint));
    }

    /// <summary>
    /// A server's handshake starts with the peer's first DTLS datagram, if the limiter has a slot for the peer's
    /// address. Without one the datagram is refused and the transport stays new: the peer retransmits its
    /// ClientHello (every 100 ms to 1 s) and a later copy starts the handshake, so a burst of joins is slowed, not failed.
    /// </summary>
    private bool TryStartServer(EndpointKey? source)
    {
        // Checked first so that a flood of ClientHellos while the limiter is full costs no exception per datagram.
        if (!_limiter.Admits(source)) return false;
        if (Interlocked.CompareExchange(ref _started, 1, 0) != 0) return true;
        _state = MediaTransportState.Connecting;
        var handshake = _dtls.HandshakeAsync(_role, _remoteFingerprint, source: source);
        if (handshake.IsFaulted && handshake.Exception?.InnerException is DtlsHandshakeException { Reason: DtlsHandshakeFailure.LimiterFull })
        {
            // Another handshake took the slot since the check: stay new and try again at the next datagram.
            _state = MediaTransportState.New;
            Volatile.Write(ref _started, 0);
            return false;
        }
        _ = CompleteHandshakeAsync(handshake);
        return true;
    }

    private async Task CompleteHandshakeAsync(Task<SrtpKeyingMaterial> handshake)
    {
        try
        {
            var keys = await handshake.ConfigureAwait(false);
            _srtp = SrtpSession.Create(keys, _role == DtlsRole.Client);
            if (!ReplayEarlyPacketsAndConnect()) return;
            _logger.LogDebug("DTLS {Role} connected in {Ms:F0} ms, SRTP {Profile}", _role, _dtls.HandshakeDuration?.TotalMilliseconds, keys.Profile);
            Connected?.Invoke(this);
        }
        catch (DtlsHandshakeException ex)
        {
            Finish(MediaTransportState.Failed, ex.Message);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "DTLS handshake crashed");
            Finish(MediaTransportState.Failed, $"DTLS handshake failed: {ex.Message}");
        }
    }

    /// <summary>
    /// A DTLS datagram from the peer's selected address <paramref name="source"/>. False when it was refused because
    /// no handshake could start for it (the limiter is full in all or for that address); the peer will retransmit.
    /// </summary>
    public bool HandleDtls(ReadOnlySpan<byte> datagram, EndpointKey? source = null)
    {
        if (_role == DtlsRole.Server && Volatile.Read(ref _started) == 0 && !TryStartServer(source)) return false;
        _channel.Enqueue(datagram);
        return true;
    }

    /// <summary>An SRTP or SRTCP datagram: decrypted in place and handed to <see cref="Receiver"/>.</summary>
    public void HandleSrtp(Span<byte> datagram, PacketClass kind)
    {
        if (_state != MediaTransportState.Connected && HoldEarlyPacket(datagram, kind)) return;
        if (_srtp is { } srtp) Unprotect(srtp, datagram, kind);
    }

    private void Unprotect(SrtpSession srtp, Span<byte> datagram, PacketClass kind)
    {
        if (kind == PacketClass.Rtp)
        {
            if (!srtp.TryUnprotectRtp(datagram, out int length)) { _unprotectFailures++; return; }
            Receiver?.OnRtp(datagram[..length]);
        }
        else
        {
            if (!srtp.TryUnprotectRtcp(datagram, out int length)) { _unprotectFailures++; return; }
            Receiver?.OnRtcp(datagram[..length]);
        }
    }

    /// <summary>True if the packet was held (or dropped) because the keys are not ready yet.</summary>
    private bool HoldEarlyPacket(ReadOnlySpan<byte> datagram, PacketClass kind)
    {
        lock (_earlyGate)
        {
            if (_state == MediaTransportState.Connected) return false;
            if (_early is null || _early.Count >= EarlyPacketLimit || _state != MediaTransportState.Connecting)
                _unprotectFailures++;
            else
                _early.Add((datagram.ToArray(), kind));
            return true;
        }
    }

    /// <summary>
    /// Decrypts what arrived before the keys, then opens the gate, all under the lock the receive thread checks,
    /// so the inbound SRTP context is never used by two threads at once.
    /// </summary>
    private bool ReplayEarlyPacketsAndConnect()
    {
        lock (_earlyGate)
        {
            if (_state != MediaTransportState.Connecting || _srtp is not { } srtp) return false;
            foreach (var (packet, kind) in _early ?? []) Unprotect(srtp, packet, kind);
            _early = null;
            _state = MediaTransportState.Connected;
            return true;
        }
    }

    /// <summary>Encrypts a copy of <paramref name="packet"/> and sends it. False if not connected or not protectable.</summary>
    public bool SendRtp(ReadOnlySpan<byte> packet) => Send(packet, rtcp: false);

    public bool SendRtcp(ReadOnlySpan<byte> packet) => Send(packet, rtcp: true);

    /// <summary>
    /// Encrypts <paramref name="buffer"/>[..<paramref name="length"/>] in place and sends it, saving the copy
    /// <see cref="SendRtp"/> makes: the forwarding path writes each subscriber's packet into a buffer of its own
    /// anyway. The buffer needs <see cref="SrtpOverhead"/> spare bytes after the packet.
    /// </summary>
    public bool SendRtpInPlace(Span<byte> buffer, int length)
    {
        var srtp = _srtp;
        if (srtp is null || _state != MediaTransportState.Connected) return false;
        lock (_sendGate)
        {
            if (!srtp.TryProtectRtp(buffer, length, out int protectedLength)) return false;
            _send(buffer[..protectedLength]);
            return true;
        }
    }

    /// <summary>Most bytes SRTP or SRTCP protection appends to a packet, whatever the profile.</summary>
    public const int SrtpOverhead = 32;

    private bool Send(ReadOnlySpan<byte> packet, bool rtcp)
    {
        var srtp = _srtp;
        if (srtp is null || _state != MediaTransportState.Connected || packet.Length > MaxDatagram) return false;
        // One sender at a time per direction (SrtpContext is single-threaded); uncontended in the SFU, where a
        // transport's packets leave from the thread that received their source.
        lock (_sendGate)
        {
            packet.CopyTo(_sendBuffer);
            bool ok = rtcp
                ? srtp.TryProtectRtcp(_sendBuffer, packet.Length, out int length)
                : srtp.TryProtectRtp(_sendBuffer, packet.Length, out length);
            if (!ok) return false;
            _send(_sendBuffer.AsSpan(0, length));
            return true;
        }
    }

    private void Finish(MediaTransportState state, string reason)
    {
        var previous = _state;
        if (previous is MediaTransportState.Closed or MediaTransportState.Failed) return;
        _state = state;
        Ended?.Invoke(this, state, reason);
    }

    /// <summary>Sends close_notify when connected and stops.</summary>
    public void Close()
    {
        Finish(MediaTransportState.Closed, "closed locally");
        _dtls.Close();
    }

    public void Dispose()
    {
        Close();
        _srtp?.Dispose();
    }
}
