using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RtcLive.WebRtc.Dtls;
using RtcLive.WebRtc.Ice;
using RtcLive.WebRtc.Sdp;
using RtcLive.WebRtc.Srtp;
using RtcLive.WebRtc.Transport;

namespace RtcLive.WebRtc.Client;

/// <summary>
/// A headless WebRTC peer for tests, the load generator and relay links: one UDP socket of its own, full ICE in
/// the controlling role, DTLS-SRTP, and RTP/RTCP in and out. Negotiate like an RTCPeerConnection —
/// <see cref="CreateOffer"/> then <see cref="SetRemoteAnswer"/>, or <see cref="AcceptOffer"/> — and it starts
/// connecting as soon as both descriptions are known; <see cref="ConnectAsync"/> waits for media to be possible.
/// </summary>
/// <remarks>
/// Threads: the socket's receive thread handles every datagram (STUN to ICE, DTLS and SRTP only from the
/// selected remote address) and calls <see cref="Receiver"/> with decrypted packets; a small ICE thread sends
/// checks and sleeps until the agent's next deadline; the DTLS handshake has a thread of its own while it runs.
/// <see cref="SendRtp"/> and <see cref="SendRtcp"/> may be called from any thread.
/// </remarks>
public sealed class ClientPeer : IDisposable, IDatagramSink
{
    private readonly ClientPeerOptions _options;
    private readonly ILogger _logger;
    private readonly DtlsCertificate _certificate;
    private readonly UdpSocket _socket;
    private readonly LocalTransportDescription _local;
    private readonly object _gate = new();
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private NegotiationPhase _phase;
    private SessionDescription? _offer;
    // True once this peer negotiated as the answerer: only then may a later offer renegotiate.
    private bool _answered;
    private IReadOnlyList<NegotiatedMedia> _media = [];
    private RemoteTransportDescription? _remote;
    private volatile IceDriver? _ice;
    private volatile DtlsSrtpTransport? _secure;
    private IMediaReceiver? _receiver;
    // The selected remote address: the key filters arriving DTLS/SRTP without allocating, the socket address
    // is where everything goes. Both are written before _hasSelected, which publishes them.
    private EndpointKey _selectedKey;
    private volatile SocketAddress? _selectedAddress;
    private IPEndPoint? _selectedEndPoint;
    private volatile bool _hasSelected;
    private volatile MediaTransportState _state = MediaTransportState.New;
    private int _closed;
    private long _droppedDatagrams;

    /// <exception cref="ArgumentException">The socket is bound to a wildcard address and no <see cref="ClientPeerOptions.AnnouncedAddress"/> is given.</exception>
    /// <exception cref="System.Net.Sockets.SocketException">The local address cannot be bound.</exception>
    public ClientPeer(ClientPeerOptions? options = null)
    {
        _options = options ?? new ClientPeerOptions();
        _logger = _options.Logger ?? NullLogger.Instance;
        _certificate = _options.Certificate ?? DtlsCertificate.Generate();
        _socket = new UdpSocket(_options.LocalEndPoint, _options.ReceiveBufferBytes, _options.SendBufferBytes, this, _logger, "client-peer");

        IPAddress announced = _options.AnnouncedAddress ?? _socket.LocalEndPoint.Address;
        if (announced.Equals(IPAddress.Any) || announced.Equals(IPAddress.IPv6Any))
        {
            _socket.Dispose();
            throw new ArgumentException("bound to a wildcard address: set ClientPeerOptions.AnnouncedAddress to the address peers should send to", nameof(options));
        }
        var candidate = IceCandidate.Host(announced.ToString(), _socket.LocalEndPoint.Port, (_options.Ice ?? new IceAgentOptions()).LocalPreference);
        _local = new LocalTransportDescription(
            IceCredentials.Generate(),
            SdpFingerprint.Parse(_certificate.Fingerprint),
            candidate,
            "rtclive-client-" + RandomNumberGenerator.GetHexString(8, lowercase: true),
            _options.Cname ?? RandomNumberGenerator.GetHexString(16, lowercase: true));
        _socket.Start();
    }

    /// <summary>Raised once when DTLS-SRTP is up and media can flow (on the DTLS thread).</summary>
    public event Action<ClientPeer>? Connected;

    /// <summary>Raised once when the peer fails or closes, with the reason.</summary>
    public event Action<ClientPeer, MediaTransportState, string>? Ended;

    /// <summary>Where our socket is bound.</summary>
    public IPEndPoint LocalEndPoint => _socket.LocalEndPoint;

    /// <summary>Our host candidate, as announced in our descriptions.</summary>
    public IceCandidate LocalCandidate => _local.Candidate;

    public IceCredentials LocalIceCredentials => _local.Ice;

    /// <summary>Our certificate's fingerprint (<c>sha-256 AB:CD:...</c>).</summary>
    public string Fingerprint => _certificate.Fingerprint;

    public MediaTransportState State => _state;

    /// <summary>The accepted m-lines, once both descriptions are known: payload types, extension ids and SSRCs per mid.</summary>
    public IReadOnlyList<NegotiatedMedia> Media
    {
        get { lock (_gate) return _media; }
    }

    /// <summary>The remote address ICE selected; null before.</summary>
    public IPEndPoint? RemoteEndPoint => _hasSelected ? _selectedEndPoint : null;

    /// <summary>True when the remote description says <c>a=ice-lite</c> (an SFU).</summary>
    public bool RemoteIsIceLite
    {
        get { lock (_gate) return _remote?.IceLite ?? false; }
    }

    /// <summary>Our side of the DTLS handshake, once both descriptions are known.</summary>
    public DtlsRole? DtlsRole => _secure?.Role;

    /// <summary>The negotiated SRTP profile, once connected.</summary>
    public SrtpProfile? SrtpProfile => _secure?.Profile;

    public TimeSpan? HandshakeDuration => _secure?.HandshakeDuration;

    /// <summary>Datagrams dropped: unknown kind, or DTLS/SRTP from an address other than the selected one.</summary>
    public long DroppedDatagrams => Interlocked.Read(ref _droppedDatagrams);

    /// <summary>SRTP/SRTCP packets that failed authentication, replay or parsing.</summary>
    public long UnprotectFailures => _secure?.UnprotectFailures ?? 0;

    /// <summary>
    /// Receives decrypted RTP and RTCP on the socket's receive thread, over the receive buffer: handle or copy
    /// each packet before returning. Set it before media can arrive.
    /// </summary>
    public IMediaReceiver? Receiver
    {
        get => _receiver;
        set
        {
            _receiver = value;
            if (_secure is { } secure) secure.Receiver = value;
        }
    }

    public NegotiatedMedia? FindMedia(string mid)
    {
        foreach (var media in Media)
            if (string.Equals(media.Mid, mid, StringComparison.Ordinal)) return media;
        return null;
    }

    /// <summary>
    /// Writes our offer: one m-line per transceiver in one BUNDLE group, <c>a=setup:actpass</c>, our host candidate
    /// and <c>a=end-of-candidates</c>. May be called again until an answer is set; the last offer counts.
    /// </summary>
    /// <exception cref="ArgumentException">No transceivers, or two with the same mid.</exception>
    /// <exception cref="InvalidOperationException">The remote description is already set (renegotiation is not supported).</exception>
    public string CreateOffer(params ClientTransceiver[] transceivers)
    {
        ArgumentNullException.ThrowIfNull(transceivers);
        var offer = ClientNegotiation.BuildOffer(transceivers, _local);
        lock (_gate)
        {
            EnsurePhase(NegotiationPhase.Idle, NegotiationPhase.Offered, "create an offer");
            _offer = offer;
            _phase = NegotiationPhase.Offered;
        }
        return offer.ToString();
    }

    /// <summary>
    /// Applies the remote answer to our offer and starts connecting: ICE checks to the answer's candidates
    /// (IP-literal UDP ones this socket can reach; mDNS names, TCP and the other address family are skipped),
    /// then DTLS in the role the answer's <c>a=setup</c> leaves us (<c>passive</c> there makes us the client).
    /// </summary>
    /// <exception cref="SdpParseException">The answer is not valid SDP.</exception>
    /// <exception cref="SdpNegotiationException">The answer does not fit the offer or lacks ICE credentials or a fingerprint.</exception>
    /// <exception cref="InvalidOperationException">No offer was made, or an answer was already set.</exception>
    public void SetRemoteAnswer(string sdp)
    {
        var answer = SdpParser.Parse(sdp);
        SessionDescription offer;
        lock (_gate)
        {
            EnsurePhase(NegotiationPhase.Offered, NegotiationPhase.Offered, "set a remote answer");
            offer = _offer!;
        }
        var remote = ClientNegotiation.ReadAnswer(offer, answer, out var media);
        Begin(remote, media);
    }

    /// <summary>
    /// Answers a remote offer and starts connecting. The answer says <c>a=setup:active</c> (we open DTLS) and
    /// carries our host candidate. The offerer must be ice-lite (an SFU): this peer's ICE agent only takes the
    /// controlling role, which a full-ICE offerer such as a browser claims for itself (RFC 8445 §6.1.1).
    /// A later offer from the same remote renegotiates (tracks come and go): it is answered over the transport
    /// already running, and <see cref="Media"/> follows it. An ICE restart or a new DTLS identity is refused.
    /// </summary>
    /// <exception cref="SdpParseException">The offer is not valid SDP.</exception>
    /// <exception cref="SdpNegotiationException">The offer is not ice-lite, cannot be answered at all, or restarts ICE or DTLS.</exception>
    /// <exception cref="InvalidOperationException">This peer has made an offer, or negotiated as the offerer.</exception>
    public string AcceptOffer(string offerSdp, ClientAnswerOptions? options = null)
    {
        var offer = SdpParser.Parse(offerSdp);
        bool renegotiating;
        lock (_gate)
        {
            renegotiating = _phase == NegotiationPhase.Negotiated && _answered;
            if (!renegotiating) EnsurePhase(NegotiationPhase.Idle, NegotiationPhase.Idle, "accept an offer");
        }
        var answer = ClientNegotiation.BuildAnswer(offer, options ?? new ClientAnswerOptions(), _local, out var remote, out var media);
        if (!renegotiating)
        {
            Begin(remote, media);
            lock (_gate) _answered = true;
            return answer.ToString();
        }

        lock (_gate)
        {
            if (_closed != 0) throw new InvalidOperationException("cannot accept an offer: the peer is closed");
            var current = _remote!;
            if (remote.Ice.Ufrag != current.Ice.Ufrag || remote.Ice.Password != current.Ice.Password)
                throw new SdpNegotiationException("the offer restarts ICE (new credentials), which this peer does not support");
            if (!remote.Fingerprint.Equals(current.Fingerprint))
                throw new SdpNegotiationException("the offer changes the DTLS fingerprint of a running session");
            _media = media;
        }
        return answer.ToString();
    }

    /// <summary>
    /// A candidate the remote trickles after its description (<c>candidate:...</c>, with or without the prefix).
    /// False when it is malformed or cannot be used from this socket.
    /// </summary>
    /// <exception cref="InvalidOperationException">The remote description is not set yet.</exception>
    public bool AddRemoteCandidate(string candidate)
    {
        var ice = _ice ?? throw new InvalidOperationException("set the remote description before adding its candidates");
        return IceCandidate.TryParse(candidate, out var parsed) && ice.AddRemoteCandidate(parsed);
    }

    /// <summary>
    /// Completes when DTLS-SRTP is connected. Throws <see cref="ClientConnectException"/> with the reason when
    /// ICE or DTLS fails or the peer is closed first; cancelling stops the wait, not the peer.
    /// </summary>
    /// <exception cref="InvalidOperationException">The remote description is not set yet.</exception>
    public Task ConnectAsync(CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (_phase != NegotiationPhase.Negotiated && _state == MediaTransportState.New)
                throw new InvalidOperationException("set the remote description (SetRemoteAnswer or AcceptOffer) before connecting");
        }
        return _connected.Task.WaitAsync(ct);
    }

    /// <summary>Encrypts a copy of an RTP packet and sends it to the selected address; false when not connected.</summary>
    public bool SendRtp(ReadOnlySpan<byte> packet) => _secure?.SendRtp(packet) ?? false;

    /// <summary>Encrypts a copy of an RTCP compound packet and sends it; false when not connected.</summary>
    public bool SendRtcp(ReadOnlySpan<byte> packet) => _secure?.SendRtcp(packet) ?? false;

    /// <summary>Hangs up: sends DTLS close_notify when connected, then stops ICE and closes the socket. Idempotent.</summary>
    public void Close() => Shutdown(notifyRemote: true, "closed locally");

    /// <summary>
    /// Stops at once without telling the remote, as a crashed client or a lost network would: the remote can only
    /// notice through ICE consent freshness (RFC 7675). For failure and load tests.
    /// </summary>
    public void Abort() => Shutdown(notifyRemote: false, "aborted locally");

    public void Dispose() => Close();

    private void Begin(RemoteTransportDescription remote, IReadOnlyList<NegotiatedMedia> media)
    {
        var agent = new IceControllingAgent(_local.Ice, remote.Ice, _options.Ice);
        var secure = new DtlsSrtpTransport(_certificate, remote.OurDtlsRole, remote.Fingerprint, SendSecure, _options.Dtls, _logger)
        {
            Receiver = _receiver,
        };
        var ice = new IceDriver(agent, _socket, _logger);

        lock (_gate)
        {
            // Checked again: another thread may have negotiated or closed since the caller's check.
            if (_phase == NegotiationPhase.Negotiated || _closed != 0)
            {
                secure.Dispose();
                throw new InvalidOperationException(_closed != 0 ? "the peer is closed" : "the remote description is already set");
            }
            secure.Connected += _ => OnSecureConnected();
            secure.Ended += (_, state, reason) => Finish(state, reason);
            ice.Selected += OnIceSelected;
            ice.Failed += OnIceFailed;
            _phase = NegotiationPhase.Negotiated;
            _remote = remote;
            _media = media;
            _state = MediaTransportState.Connecting;
            _secure = secure;
            _ice = ice;
        }

        int usable = 0;
        foreach (var candidate in remote.Candidates)
            if (ice.AddRemoteCandidate(candidate)) usable++;
        _logger.LogDebug("client peer {Local}: {Usable} of {Count} remote candidates usable, DTLS {Role}, remote {Lite}",
            LocalEndPoint, usable, remote.Candidates.Count, remote.OurDtlsRole, remote.IceLite ? "ice-lite" : "full ICE");
        ice.Start();
    }

    void IDatagramSink.OnDatagram(Span<byte> datagram, SocketAddress from)
    {
        var kind = PacketClassifier.Classify(datagram);
        if (kind == PacketClass.Stun)
        {
            if (_ice is { } ice) ice.HandleStun(datagram, from);
            else Interlocked.Increment(ref _droppedDatagrams); // before the remote description: its checks cannot be verified yet
            return;
        }
        // DTLS and SRTP are only taken from the address ICE proved belongs to the remote.
        if (kind == PacketClass.Unknown || !_hasSelected || !EndpointKey.From(from).Equals(_selectedKey))
        {
            Interlocked.Increment(ref _droppedDatagrams);
            return;
        }
        var secure = _secure!;
        if (kind == PacketClass.Dtls) secure.HandleDtls(datagram);
        else if (kind == PacketClass.Rtp && DropIncomingRtp is { } drop && drop(_incomingRtp++)) return;
        else secure.HandleSrtp(datagram, kind);
    }

    private long _incomingRtp;

    /// <summary>
    /// Loss injection for tests of repair: given the index of each arriving SRTP packet (0, 1, …), true drops it
    /// before decryption, as a lossy network would.
    /// </summary>
    internal Func<long, bool>? DropIncomingRtp { get; set; }

    private void OnIceSelected(IceCandidatePair pair)
    {
        _selectedEndPoint = pair.RemoteEndPoint;
        _selectedAddress = _socket.ToSocketAddress(pair.RemoteEndPoint);
        _selectedKey = EndpointKey.From(pair.RemoteEndPoint);
        _hasSelected = true;
        _logger.LogDebug("client peer {Local}: ICE selected {Remote}", LocalEndPoint, pair.RemoteEndPoint);
        // A DTLS client sends its ClientHello now; a server just gets ready for one.
        _secure?.Start();
    }

    private void OnIceFailed(string reason)
    {
        Finish(MediaTransportState.Failed, reason);
        _secure?.Close();
    }

    /// <summary>For robustness tests: sends raw bytes from our address to the selected remote, unencrypted.</summary>
    internal void SendRawDatagram(ReadOnlySpan<byte> datagram) => SendSecure(datagram);

    private void SendSecure(ReadOnlySpan<byte> datagram)
    {
        if (_selectedAddress is { } to) _socket.Send(datagram, to);
    }

    private void OnSecureConnected()
    {
        lock (_gate)
        {
            if (_state != MediaTransportState.Connecting) return;
            _state = MediaTransportState.Connected;
        }
        _logger.LogDebug("client peer {Local}: connected, SRTP {Profile}", LocalEndPoint, SrtpProfile);
        _connected.TrySetResult();
        Connected?.Invoke(this);
    }

    private void Finish(MediaTransportState state, string reason)
    {
        lock (_gate)
        {
            if (_state is MediaTransportState.Failed or MediaTransportState.Closed) return;
            _state = state;
        }
        _logger.LogDebug("client peer {Local} ended ({State}): {Reason}", LocalEndPoint, state, reason);
        _connected.TrySetException(new ClientConnectException(state, reason));
        Ended?.Invoke(this, state, reason);
    }

    private void Shutdown(bool notifyRemote, string reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        Finish(MediaTransportState.Closed, reason);
        var secure = _secure;
        // close_notify leaves through the socket, so it must still be open; without it, close the socket first.
        if (notifyRemote) secure?.Close();
        _socket.Dispose();
        _ice?.Dispose();
        secure?.Dispose();
    }

    private void EnsurePhase(NegotiationPhase allowed, NegotiationPhase alsoAllowed, string action)
    {
        if (_closed != 0) throw new InvalidOperationException($"cannot {action}: the peer is closed");
        if (_phase != allowed && _phase != alsoAllowed)
        {
            throw new InvalidOperationException(_phase switch
            {
                NegotiationPhase.Idle => $"cannot {action}: no offer has been made",
                NegotiationPhase.Offered => $"cannot {action}: this peer has made an offer and waits for the answer",
                _ => $"cannot {action}: the session is already negotiated (renegotiation is not supported)",
            });
        }
    }

    private enum NegotiationPhase
    {
        Idle,
        Offered,
        Negotiated,
    }
}
