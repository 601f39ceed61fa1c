using System.Net;
using System.Net.Sockets;
using System.Text;
using RtcLive.WebRtc.Dtls;
using RtcLive.WebRtc.Ice;
using RtcLive.WebRtc.Rtp;
using RtcLive.WebRtc.Stun;
using RtcLive.WebRtc.Tests.Client;
using RtcLive.WebRtc.Transport;
using RtcLive.WebRtc.Transport.IceTcp;

namespace RtcLive.WebRtc.Tests.Transport.IceTcp;

/// <summary>
/// A server transport reached over the ICE-TCP port (RFC 6544, RFC 4571) by a peer written here against the
/// RFCs: real TCP on loopback, a real ICE check, a real DTLS handshake and SRTP both ways, all framed.
/// </summary>
public sealed class IceTcpTransportTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly DtlsCertificate _serverCertificate = DtlsCertificate.Generate();
    private readonly UdpMux _mux = new(new UdpMuxOptions { Bind = new IPEndPoint(IPAddress.Loopback, 0) });
    private readonly IceTcpListener _tcp;

    public IceTcpTransportTests()
    {
        _tcp = new IceTcpListener(_mux, new IceTcpOptions
        {
            Bind = new IPEndPoint(IPAddress.Loopback, 0),
            MaxConnectionsPerAddress = 4,
            BindTimeout = TimeSpan.FromSeconds(2),
            SendQueueBytes = 64 * 1024,
        });
        _mux.Start();
        _tcp.Start();
    }

    [Fact]
    public void The_passive_candidate_is_rfc_6544_syntax_and_ranks_below_udp()
    {
        var tcp = IceCandidate.TcpPassiveHost("192.0.2.7", 50000);
        var udp = IceCandidate.Host("192.0.2.7", 50000);

        Assert.Equal("candidate:2 1 tcp 2124414975 192.0.2.7 50000 typ host tcptype passive", tcp.ToString());
        var parsed = IceCandidate.Parse(tcp.ToString());
        Assert.Equal(IceTransportProtocol.Tcp, parsed.Transport);
        Assert.Equal(IceTcpType.Passive, parsed.TcpType);
        Assert.True(tcp.Priority < udp.Priority);
        Assert.NotEqual(udp.Foundation, tcp.Foundation);
        Assert.Equal(4 * 8192 + 8191, IceCandidatePriority.TcpLocalPreference(IceTcpType.Passive));
    }

    [Fact]
    public async Task A_peer_over_tcp_checks_handshakes_and_exchanges_srtp_both_ways()
    {
        await LoopbackEchoServer.WarmUpAsync();
        var serverIce = IceCredentials.Generate();
        var clientCertificate = DtlsCertificate.Generate();
        using var server = new WebRtcTransport(_mux, _serverCertificate, serverIce, "peerufrag",
            DtlsFingerprint.Parse(clientCertificate.Fingerprint));
        var atServer = new CountingReceiver();
        server.Receiver = atServer;
        await using var peer = await TcpPeer.ConnectAsync(_tcp.LocalEndPoint, clientCertificate, DtlsFingerprint.Parse(_serverCertificate.Fingerprint));

        var response = await peer.CheckAsync(serverIce, "peerufrag", nominate: true);
        Assert.Equal(StunMessageType.BindingSuccessResponse, response.Type);
        Assert.True(response.IntegrityValid);
        Assert.Equal(peer.LocalEndPoint, response.Mapped);
        Assert.Equal(IceTransportProtocol.Tcp, server.SelectedProtocol);

        peer.Secure.Start();
        Assert.True(await WaitUntilAsync(() => server.State == MediaTransportState.Connected && peer.Secure.State == MediaTransportState.Connected),
            $"server {server.State}, peer {peer.Secure.State}");

        byte[] packet = new byte[1200];
        for (ushort seq = 1; seq <= 100; seq++)
        {
            Assert.True(peer.Secure.SendRtp(packet.AsSpan(0, Rtp(packet, 0x1111, seq))));
            Assert.True(server.SendRtp(packet.AsSpan(0, Rtp(packet, 0x2222, seq))));
        }
        Assert.True(await WaitUntilAsync(() => atServer.Count >= 100 && peer.Received.Count >= 100),
            $"server got {atServer.Count}, peer got {peer.Received.Count}");
        Assert.Equal(0x1111u, atServer.LastSsrc);
        Assert.Equal(0x2222u, peer.Received.LastSsrc);
        Assert.Equal(0, _mux.Counters.Received); // nothing went over UDP
        Assert.True(_tcp.Counters.PacketsReceived >= 101 && _tcp.Counters.PacketsSent >= 101);
        Assert.Equal(1, _tcp.Counters.Connections);

        // Closing the selected connection ends the transport at once: over TCP the path cannot come back.
        await peer.DisposeAsync();
        Assert.True(await WaitUntilAsync(() => server.State is MediaTransportState.Failed or MediaTransportState.Closed), $"server {server.State}");
        Assert.True(await WaitUntilAsync(() => _tcp.Counters.Connections == 0));
    }

    [Fact]
    public async Task A_peer_that_stops_reading_loses_packets_but_not_its_connection()
    {
        await LoopbackEchoServer.WarmUpAsync();
        var serverIce = IceCredentials.Generate();
        var clientCertificate = DtlsCertificate.Generate();
        using var server = new WebRtcTransport(_mux, _serverCertificate, serverIce, "peerufrag", DtlsFingerprint.Parse(clientCertificate.Fingerprint));
        await using var peer = await TcpPeer.ConnectAsync(_tcp.LocalEndPoint, clientCertificate, DtlsFingerprint.Parse(_serverCertificate.Fingerprint));
        Assert.Equal(StunMessageType.BindingSuccessResponse, (await peer.CheckAsync(serverIce, "peerufrag", nominate: true)).Type);
        peer.Secure.Start();
        Assert.True(await WaitUntilAsync(() => server.State == MediaTransportState.Connected && peer.Secure.State == MediaTransportState.Connected));

        peer.PauseReading();
        await Task.Delay(100);
        byte[] packet = new byte[1200];
        // Every send returns at once (none waits for the reader: the socket is non-blocking and the queue bounded).
        for (int i = 0; i < 30_000; i++)
            server.SendRtp(packet.AsSpan(0, Rtp(packet, 0x2222, (ushort)i)));

        // 30 MB offered to a reader that takes nothing: the kernel's buffers and the 64 KiB queue fill, the rest is dropped.
        long dropped = _tcp.Counters.SendQueueFull;
        Assert.True(dropped > 10_000, $"dropped {dropped}");
        Assert.Equal(MediaTransportState.Connected, server.State);

        peer.ResumeReading();
        int before = peer.Received.Count;
        for (ushort seq = 1; seq <= 50; seq++)
        {
            server.SendRtp(packet.AsSpan(0, Rtp(packet, 0x3333, seq)));
            await Task.Delay(5);
        }
        Assert.True(await WaitUntilAsync(() => peer.Received.LastSsrc == 0x3333u, TimeSpan.FromSeconds(15)),
            $"after resuming the peer got {peer.Received.Count - before} packets, last ssrc {peer.Received.LastSsrc:x}");
    }

    [Fact]
    public async Task Before_an_authentic_check_a_connection_reaches_no_session()
    {
        var serverIce = IceCredentials.Generate();
        using var server = new WebRtcTransport(_mux, _serverCertificate, serverIce, "peerufrag", DtlsFingerprint.Parse(_serverCertificate.Fingerprint));
        await using var stranger = await TcpPeer.ConnectAsync(_tcp.LocalEndPoint, DtlsCertificate.Generate(), DtlsFingerprint.Parse(_serverCertificate.Fingerprint));

        stranger.SendFrame([0x16, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 1, 2, 3, 4]); // DTLS
        stranger.SendFrame([0x80, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 9, 9]); // RTP
        stranger.SendFrame([0xFF, 1, 2, 3, 4]); // no protocol of ours
        var wrongPassword = await stranger.CheckAsync(new IceCredentials(serverIce.Ufrag, "notthepasswordnotthepass1"), "peerufrag", nominate: true);
        var unknownUfrag = stranger.CheckAsync(new IceCredentials("nosuchufrag", serverIce.Password), "peerufrag", nominate: true);

        Assert.Equal(StunMessageType.BindingErrorResponse, wrongPassword.Type);
        Assert.False(await unknownUfrag.WaitAsync(TimeSpan.FromMilliseconds(500)).ContinueWith(t => t.IsCompletedSuccessfully));
        Assert.True(await WaitUntilAsync(() => _tcp.Counters.StunWithoutSession >= 1));
        Assert.Equal(2, _tcp.Counters.Unbound);
        Assert.Equal(1, _tcp.Counters.UnknownKind);
        Assert.Null(server.SelectedProtocol);
        Assert.Equal(MediaTransportState.New, server.State);
    }

    [Fact]
    public async Task Oversize_frames_are_skipped_and_the_connection_goes_on()
    {
        var serverIce = IceCredentials.Generate();
        using var server = new WebRtcTransport(_mux, _serverCertificate, serverIce, "peerufrag", DtlsFingerprint.Parse(_serverCertificate.Fingerprint));
        await using var peer = await TcpPeer.ConnectAsync(_tcp.LocalEndPoint, DtlsCertificate.Generate(), DtlsFingerprint.Parse(_serverCertificate.Fingerprint));

        peer.SendFrame(new byte[10_000]);
        var response = await peer.CheckAsync(serverIce, "peerufrag", nominate: true);

        Assert.Equal(StunMessageType.BindingSuccessResponse, response.Type);
        Assert.Equal(1, _tcp.Counters.Oversize);
    }

    [Fact]
    public async Task Connections_over_the_per_address_limit_are_refused_and_unbound_ones_time_out()
    {
        var peers = new List<Socket>();
        try
        {
            for (int i = 0; i < 6; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(_tcp.LocalEndPoint);
                peers.Add(socket);
            }
            Assert.True(await WaitUntilAsync(() => _tcp.Counters.ConnectionsRefused == 2 && _tcp.Counters.Connections == 4),
                $"refused {_tcp.Counters.ConnectionsRefused}, open {_tcp.Counters.Connections}");

            // None of them ever sends an ICE check: the bind timeout (2 s here) closes them.
            Assert.True(await WaitUntilAsync(() => _tcp.Counters.Connections == 0, TimeSpan.FromSeconds(8)));
            Assert.Equal(4, _tcp.Counters.ConnectionsClosedUnbound);
            // The server closed it: the peer reads the end of the stream (or a reset).
            int read;
            try
            {
                read = await peers[0].ReceiveAsync(new byte[16], SocketFlags.None).WaitAsync(Timeout);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
            {
                read = 0;
            }
            Assert.Equal(0, read);
        }
        finally
        {
            foreach (var socket in peers) socket.Dispose();
        }
    }

    private static int Rtp(byte[] buffer, uint ssrc, ushort seq)
    {
        int header = RtpHeaderWriter.Write(buffer, new RtpHeaderFields(96, seq, seq * 3000u, ssrc, Marker: false), default, default);
        buffer.AsSpan(header, 1000).Fill((byte)seq);
        return header + 1000;
    }

    private static async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Timeout);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(20);
        }
        return true;
    }

    public void Dispose()
    {
        _tcp.Dispose();
        _mux.Dispose();
    }

    internal sealed class CountingReceiver : IMediaReceiver
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public uint LastSsrc { get; private set; }

        public void OnRtp(Span<byte> packet)
        {
            if (RtpHeader.TryParse(packet, out var header)) LastSsrc = header.Ssrc;
            Interlocked.Increment(ref _count);
        }

        public void OnRtcp(Span<byte> packet)
        {
        }
    }

    internal sealed record StunAnswer(StunMessageType Type, bool IntegrityValid, IPEndPoint? Mapped);

    /// <summary>The active side of ICE-TCP as a browser plays it: connects, frames every packet, checks, then DTLS client.</summary>
    private sealed class TcpPeer : IFramedPacketSink, IAsyncDisposable
    {
        private readonly Socket _socket;
        private readonly FramedPacketReader _reader = new(4096);
        private readonly object _sendGate = new();
        private readonly Task _readLoop;
        private TaskCompletionSource<byte[]>? _stunWait;
        private volatile TaskCompletionSource _reading = CompletedGate();

        private static TaskCompletionSource CompletedGate()
        {
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            gate.SetResult();
            return gate;
        }

        /// <summary>Stops taking bytes off the socket, as a peer on a congested link (or a stuck tab) does.</summary>
        public void PauseReading() => _reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void ResumeReading() => _reading.TrySetResult();

        private TcpPeer(Socket socket, DtlsCertificate certificate, DtlsFingerprint serverFingerprint)
        {
            _socket = socket;
            LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
            Secure = new DtlsSrtpTransport(certificate, DtlsRole.Client, serverFingerprint, SendFrame) { Receiver = Received };
            _readLoop = ReadLoopAsync();
        }

        public IPEndPoint LocalEndPoint { get; }

        public DtlsSrtpTransport Secure { get; }

        public CountingReceiver Received { get; } = new();

        public static async Task<TcpPeer> ConnectAsync(IPEndPoint server, DtlsCertificate certificate, DtlsFingerprint serverFingerprint)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(server);
            return new TcpPeer(socket, certificate, serverFingerprint);
        }

        public void SendFrame(ReadOnlySpan<byte> packet)
        {
            byte[] frame = new byte[packet.Length + 2];
            FramedPacketReader.WriteHeader(frame, packet.Length);
            packet.CopyTo(frame.AsSpan(2));
            lock (_sendGate)
            {
                try
                {
                    _socket.Send(frame);
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                {
                }
            }
        }

        public async Task<StunAnswer> CheckAsync(IceCredentials server, string localUfrag, bool nominate)
        {
            byte[] request = new byte[256];
            byte[] transaction = new byte[StunMessage.TransactionIdLength];
            StunMessage.NewTransactionId(transaction);
            var writer = new StunMessageWriter(request, StunMessageType.BindingRequest, transaction);
            writer.WriteUsername(Encoding.ASCII.GetBytes($"{server.Ufrag}:{localUfrag}"));
            writer.WritePriority(IceCandidatePriority.Compute(IceCandidateType.PeerReflexive, 40000, 1));
            if (nominate) writer.WriteUseCandidate();
            writer.WriteIceControlling(7);
            writer.WriteMessageIntegrity(Encoding.ASCII.GetBytes(server.Password));
            writer.WriteFingerprint();
            var wait = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
            _stunWait = wait;
            SendFrame(request.AsSpan(0, writer.Length));
            byte[] answer = await wait.Task.WaitAsync(Timeout);
            Assert.True(StunMessageReader.TryParse(answer, out var message));
            message.TryGetXorMappedAddress(out var mapped);
            return new StunAnswer(message.MessageType, message.VerifyMessageIntegrity(Encoding.ASCII.GetBytes(server.Password)), mapped);
        }

        private async Task ReadLoopAsync()
        {
            byte[] buffer = new byte[16 * 1024];
            try
            {
                while (true)
                {
                    await _reading.Task;
                    int n = await _socket.ReceiveAsync(buffer, SocketFlags.None);
                    if (n == 0) return;
                    _reader.Feed(buffer.AsSpan(0, n), this);
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
            }
        }

        public void OnFrame(Span<byte> frame)
        {
            switch (PacketClassifier.Classify(frame))
            {
                case PacketClass.Stun:
                    _stunWait?.TrySetResult(frame.ToArray());
                    break;
                case PacketClass.Dtls:
                    Secure.HandleDtls(frame);
                    break;
                case PacketClass.Rtp or PacketClass.Rtcp:
                    Secure.HandleSrtp(frame, PacketClassifier.Classify(frame));
                    break;
            }
        }

        public void OnOversizeFrame(int length) => throw new InvalidOperationException($"the server sent a {length}-byte frame");

        public async ValueTask DisposeAsync()
        {
            Secure.Dispose();
            _socket.Dispose();
            await _readLoop;
        }
    }
}
