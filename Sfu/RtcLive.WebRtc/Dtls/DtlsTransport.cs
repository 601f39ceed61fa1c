using System.Diagnostics;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using RtcLive.WebRtc.Srtp;
using RtcLive.WebRtc.Transport;
using BcDtlsTransport = Org.BouncyCastle.Tls.DtlsTransport;

namespace RtcLive.WebRtc.Dtls;

/// <summary>
/// One DTLS-SRTP association with one peer (RFC 5764): runs the handshake over a <see cref="DtlsDatagramChannel"/>,
/// checks the peer's certificate against the fingerprint from its SDP, and yields the SRTP keys. Application data
/// is not used (no data channels); whatever the peer sends of it is read and discarded.
/// </summary>
/// <remarks>
/// <para>BouncyCastle's handshake blocks, so it runs on a dedicated thread, admitted by a
/// <see cref="DtlsHandshakeLimiter"/>. That thread ends with the handshake.</para>
/// <para>After the handshake the association stays alive without a thread of its own: when the channel queues a
/// datagram, a thread-pool work item feeds it to BouncyCastle. That is what answers a peer that retransmits its
/// last flight because our Finished was lost (only a live reader does), and what notices close_notify, which
/// raises <see cref="Closed"/>. A thread parked per connected peer would cost hundreds of idle threads on a busy
/// node; the pump costs nothing while the peer is quiet, which is nearly always.</para>
/// <para>Malformed records never reach BouncyCastle (<see cref="DtlsRecordFilter"/>, applied by the channel), because
/// some of them would otherwise end the session with a fatal alert; a connected session ignores forged or corrupt
/// datagrams and ends only on close_notify, a genuine fatal alert from the peer, or <see cref="Close"/>.</para>
/// </remarks>
public sealed class DtlsTransport : IDisposable
{
    // BouncyCastle reads 0 as "wait forever"; the pump only reads when a datagram is queued, so 1 ms is enough to
    // take it and return without parking a pool thread.
    private const int PumpWaitMillis = 1;

    private readonly DtlsCertificate _certificate;
    private readonly DtlsDatagramChannel _channel;
    private readonly DtlsTransportOptions _options;
    private readonly object _gate = new();
    private DtlsTransportState _state;
    private bool _closeRequested;
    private BcDtlsTransport? _connection;
    private DtlsSrtpNegotiation? _negotiation;
    private byte[]? _pumpBuffer;
    private int _pumping;
    private int _closedRaised;
    private long _ignoredApplicationRecords;

    /// <param name="certificate">Our certificate; its fingerprint is the one in our SDP.</param>
    /// <param name="channel">The datagram path to this peer; the transport closes it when it closes.</param>
    /// <param name="options">Timers, SRTP profiles and the handshake limiter; <see cref="DtlsTransportOptions.Default"/> if null.</param>
    public DtlsTransport(DtlsCertificate certificate, DtlsDatagramChannel channel, DtlsTransportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(channel);
        _certificate = certificate;
        _channel = channel;
        _options = options ?? DtlsTransportOptions.Default;
        if (_options.SrtpProfiles.Count == 0)
            throw new ArgumentException("at least one SRTP profile is needed", nameof(options));
        foreach (SrtpProfile profile in _options.SrtpProfiles)
        {
            if (!Enum.IsDefined(profile))
                throw new ArgumentException($"unsupported SRTP profile {(int)profile}", nameof(options));
        }
    }

    /// <summary>
    /// Raised once when a connected transport stops: the peer sent close_notify, a fatal alert ended it, or
    /// <see cref="Close"/> was called. Raised on a thread-pool thread (or the thread calling Close); handlers should be quick.
    /// </summary>
    public event EventHandler<DtlsClosedEventArgs>? Closed;

    public DtlsTransportState State
    {
        get { lock (_gate) return _state; }
    }

    /// <summary>The role of the handshake, once started.</summary>
    public DtlsRole? Role { get; private set; }

    /// <summary>The SRTP keys, once connected.</summary>
    public SrtpKeyingMaterial? KeyingMaterial { get; private set; }

    /// <summary>How long the handshake took, from its start to the export of the keys.</summary>
    public TimeSpan? HandshakeDuration { get; private set; }

    /// <summary>Application-data records the peer sent after the handshake; they are discarded.</summary>
    public long IgnoredApplicationRecords => Interlocked.Read(ref _ignoredApplicationRecords);

    /// <summary>
    /// Runs the handshake in <paramref name="role"/>, accepting only a peer whose certificate matches
    /// <paramref name="expectedRemote"/>. Completes with the SRTP keying material, or fails with a
    /// <see cref="DtlsHandshakeException"/> (cancellation: <see cref="OperationCanceledException"/>, and the transport
    /// is closed). When the limiter is full it fails at once with <see cref="DtlsHandshakeFailure.LimiterFull"/> and
    /// leaves the transport new, so the call may be repeated. Only one handshake per transport. <paramref name="source"/>
    /// is the peer's address, counted against the limiter's per-address cap (null: the cap in all only).
    /// </summary>
    public Task<SrtpKeyingMaterial> HandshakeAsync(DtlsRole role, DtlsFingerprint expectedRemote, CancellationToken ct = default,
        EndpointKey? source = null)
    {
        ArgumentNullException.ThrowIfNull(expectedRemote);
        if (ct.IsCancellationRequested) return Task.FromCanceled<SrtpKeyingMaterial>(ct);

        lock (_gate)
        {
            if (_state != DtlsTransportState.New)
                throw new InvalidOperationException($"a DTLS transport handshakes once; this one is {_state}");
            if (!_options.Limiter.TryEnter(source))
            {
                var limiter = _options.Limiter;
                return Task.FromException<SrtpKeyingMaterial>(new DtlsHandshakeException(DtlsHandshakeFailure.LimiterFull,
                    limiter.InProgress >= limiter.MaxConcurrent
                        ? $"{limiter.MaxConcurrent} handshakes are already in progress"
                        : $"{limiter.MaxPerAddress} handshakes from this address are already in progress"));
            }
            _state = DtlsTransportState.Handshaking;
            Role = role;
        }
        // Our server always asks for the client's certificate (WebRTC authenticates both ends by fingerprint).
        if (role == DtlsRole.Server) _channel.ExpectCertificateVerify();

        var negotiation = new DtlsSrtpNegotiation(_certificate, expectedRemote, _options);
        var completion = new TaskCompletionSource<SrtpKeyingMaterial>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() => RunHandshake(role, negotiation, completion, source, ct))
        {
            IsBackground = true,
            Name = role == DtlsRole.Client ? "DTLS connect" : "DTLS accept",
        };
        try
        {
            thread.Start();
        }
        catch
        {
            _options.Limiter.Exit(source);
            lock (_gate) _state = DtlsTransportState.Closed;
            _channel.Close();
            throw;
        }
        return completion.Task;
    }

    /// <summary>
    /// Sends close_notify (when connected) and stops: a running handshake fails with
    /// <see cref="DtlsHandshakeFailure.Closed"/>, the channel is closed. Idempotent.
    /// </summary>
    public void Close()
    {
        BcDtlsTransport? connection;
        bool wasConnected;
        lock (_gate)
        {
            if (_closeRequested) return;
            _closeRequested = true;
            wasConnected = _state == DtlsTransportState.Connected;
            _state = DtlsTransportState.Closed;
            connection = _connection;
        }

        if (connection is not null)
        {
            try
            {
                connection.Close(); // sends close_notify, then closes the channel
            }
            catch (Exception)
            {
                // The peer may already be gone; closing must not fail because of it.
            }
        }
        _channel.Close();
        if (wasConnected) RaiseClosed(DtlsCloseReason.LocalClose, "closed locally");
    }

    public void Dispose() => Close();

    /// <summary>For tests: sends application data, which a WebRTC peer without data channels ignores.</summary>
    internal void SendApplicationData(ReadOnlySpan<byte> data)
    {
        BcDtlsTransport connection = _connection ?? throw new InvalidOperationException("not connected");
        connection.Send(data);
    }

    private void RunHandshake(DtlsRole role, DtlsSrtpNegotiation negotiation,
        TaskCompletionSource<SrtpKeyingMaterial> completion, EndpointKey? source, CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        BcDtlsTransport? connection = null;
        Exception? error = null;
        // Cancelling closes the channel, which makes the blocked Accept/Connect throw and the thread end.
        using (CancellationTokenRegistration registration = ct.UnsafeRegister(static state => ((DtlsDatagramChannel)state!).Close(), _channel))
        {
            try
            {
                var crypto = new BcTlsCrypto(new SecureRandom());
                connection = role == DtlsRole.Client
                    ? new DtlsClientProtocol().Connect(new DtlsSrtpClient(crypto, negotiation), _channel)
                    : new DtlsServerProtocol().Accept(new DtlsSrtpServer(crypto, negotiation), _channel);
            }
            catch (Exception ex)
            {
                error = ex;
            }
            finally
            {
                _options.Limiter.Exit(source);
            }
        }

        SrtpKeyingMaterial? keys = negotiation.KeyingMaterial;
        if (error is null && (keys is null || negotiation.RecordFilter is null))
            error = new TlsFatalAlert(AlertDescription.internal_error, "handshake completed without keying material");

        if (error is not null)
        {
            bool closedHere;
            lock (_gate)
            {
                closedHere = _closeRequested;
                _state = DtlsTransportState.Closed;
            }
            _channel.Close();
            if (ct.IsCancellationRequested && !closedHere)
                completion.TrySetCanceled(ct);
            else
                completion.TrySetException(Classify(error, negotiation, closedHere));
            return;
        }

        bool closedMeanwhile;
        lock (_gate)
        {
            closedMeanwhile = _closeRequested;
            if (!closedMeanwhile)
            {
                _connection = connection;
                _negotiation = negotiation;
                _state = DtlsTransportState.Connected;
                KeyingMaterial = keys;
                HandshakeDuration = stopwatch.Elapsed;
            }
        }
        if (closedMeanwhile)
        {
            connection!.Close();
            completion.TrySetException(new DtlsHandshakeException(DtlsHandshakeFailure.Closed, "the transport was closed during the handshake"));
            return;
        }

        _channel.SetRecordFilter(negotiation.RecordFilter!);
        _channel.SetDatagramQueuedCallback(OnDatagramQueued);
        completion.TrySetResult(keys!);
        OnDatagramQueued(); // serve what arrived between the end of the handshake and the callback
    }

    private static DtlsHandshakeException Classify(Exception error, DtlsSrtpNegotiation negotiation, bool closedHere)
    {
        if (negotiation.Failure is { } ourCheck)
            return new DtlsHandshakeException(ourCheck, negotiation.FailureDetail ?? ourCheck.ToString(),
                (error as TlsFatalAlert)?.AlertDescription, error);
        if (closedHere)
            return new DtlsHandshakeException(DtlsHandshakeFailure.Closed, "the transport was closed during the handshake", null, error);
        if (error is TlsTimeoutException)
            return new DtlsHandshakeException(DtlsHandshakeFailure.Timeout,
                $"no complete handshake within {negotiation.HandshakeTimeoutMillis} ms", null, error);
        if (error is TlsFatalAlertReceived received)
            return new DtlsHandshakeException(DtlsHandshakeFailure.AlertReceived,
                $"the peer sent {AlertDescription.GetText(received.AlertDescription)}", received.AlertDescription, error);
        if (negotiation.CloseNotifyReceived)
            return new DtlsHandshakeException(DtlsHandshakeFailure.Closed, "the peer sent close_notify during the handshake", AlertDescription.close_notify, error);
        if (error is TlsFatalAlert raised)
            return new DtlsHandshakeException(DtlsHandshakeFailure.ProtocolError,
                $"{AlertDescription.GetText(raised.AlertDescription)}: {raised.Message}", raised.AlertDescription, error);
        return new DtlsHandshakeException(DtlsHandshakeFailure.ProtocolError, error.Message, null, error);
    }

    private void OnDatagramQueued()
    {
        if (Volatile.Read(ref _pumping) != 0 || Interlocked.CompareExchange(ref _pumping, 1, 0) != 0) return;
        ThreadPool.UnsafeQueueUserWorkItem(static transport => transport.Pump(), this, preferLocal: false);
    }

    /// <summary>Feeds queued post-handshake datagrams to BouncyCastle; at most one pump runs per transport.</summary>
    private void Pump()
    {
        BcDtlsTransport connection = _connection!;
        byte[] buffer = _pumpBuffer ??= new byte[_channel.GetReceiveLimit()];
        Exception? error = null;
        try
        {
            while (true)
            {
                while (_channel.QueuedDatagrams > 0)
                {
                    if (connection.Receive(buffer, 0, buffer.Length, PumpWaitMillis) >= 0)
                        Interlocked.Increment(ref _ignoredApplicationRecords);
                }
                Volatile.Write(ref _pumping, 0);
                // A datagram queued after the inner loop's last look but before the flag dropped found the pump
                // busy and did not start another; take it over here unless a new pump already has.
                if (_channel.QueuedDatagrams == 0 || Interlocked.CompareExchange(ref _pumping, 1, 0) != 0) break;
            }
        }
        catch (Exception ex)
        {
            // The channel was closed (by us, or by BouncyCastle after close_notify) or a fatal alert arrived.
            error = ex;
            Volatile.Write(ref _pumping, 0);
        }

        DtlsSrtpNegotiation negotiation = _negotiation!;
        if (negotiation.CloseNotifyReceived)
            EndConnection(DtlsCloseReason.RemoteCloseNotify, "the peer sent close_notify");
        else if (negotiation.FatalAlertReceived is { } alert)
            EndConnection(DtlsCloseReason.Failed, $"the peer sent {AlertDescription.GetText(alert)}");
        else if (error is not null)
            EndConnection(DtlsCloseReason.Failed, error is DtlsChannelClosedException ? "the channel was closed" : error.ToString());
    }

    private void EndConnection(DtlsCloseReason reason, string detail)
    {
        lock (_gate)
        {
            if (_closeRequested) return; // Close() raised LocalClose itself
            _state = DtlsTransportState.Closed;
        }
        _channel.Close();
        RaiseClosed(reason, detail);
    }

    private void RaiseClosed(DtlsCloseReason reason, string detail)
    {
        if (Interlocked.Exchange(ref _closedRaised, 1) != 0) return;
        _channel.SetDatagramQueuedCallback(null);
        Closed?.Invoke(this, new DtlsClosedEventArgs(reason, detail));
    }
}
