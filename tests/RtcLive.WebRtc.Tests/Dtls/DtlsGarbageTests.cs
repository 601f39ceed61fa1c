using System.Diagnostics;
using RtcLive.WebRtc.Dtls;
using RtcLive.WebRtc.Srtp;
using RtcLive.WebRtc.Tests.Fuzzing;
using Xunit.Abstractions;

namespace RtcLive.WebRtc.Tests.Dtls;

/// <summary>
/// Bounded fuzzing of the DTLS receive paths: what the UDP mux may hand a session when an attacker, a confused
/// peer or a broken middlebox sends junk whose first byte says "DTLS". Nothing may crash the process or a reader;
/// the only acceptable failure is a handshake ending in <see cref="DtlsHandshakeException"/>.
/// </summary>
public sealed class DtlsGarbageTests(ITestOutputHelper output)
{
    private const int GarbageDatagrams = 20_000;

    /// <summary>
    /// Random datagrams starting with 22 (handshake) and truncated copies of a real ClientHello are not well-formed
    /// records: the channel's record screening discards every one of them, the waiting server is not disturbed,
    /// and the real client afterwards handshakes with the SAME server transport.
    /// </summary>
    [Fact]
    public async Task Random_and_truncated_records_leave_a_waiting_server_able_to_complete()
    {
        byte[] clientHello = CaptureClientHelloFlight()[0];
        using var peers = new DtlsTestPeers();
        Task<SrtpKeyingMaterial> server = peers.StartServer();

        var random = new Random(7);
        for (int i = 0; i < GarbageDatagrams; i++)
        {
            byte[] garbage;
            if (i % 2 == 0)
            {
                garbage = new byte[random.Next(1, DtlsDatagramChannel.DefaultReceiveLimit + 1)];
                random.NextBytes(garbage);
                garbage[0] = 22;
            }
            else
            {
                garbage = clientHello[..random.Next(1, clientHello.Length)];
            }
            FeedPaced(peers.Link.ServerChannel, garbage);
        }
        WaitUntilDrained(peers.Link.ServerChannel);

        Assert.Equal(DtlsTransportState.Handshaking, peers.Server.State);
        Assert.Equal(0, peers.Link.ServerChannel.DroppedDatagrams);
        Assert.Equal(GarbageDatagrams, peers.Link.ServerChannel.RejectedDatagrams);
        Assert.Empty(peers.Link.ServerToClient); // nothing in the garbage deserved an answer

        Task<SrtpKeyingMaterial> client = peers.StartClient();
        SrtpKeyingMaterial serverKeys = await server.WaitAsync(DtlsTestPeers.Patience);
        SrtpKeyingMaterial clientKeys = await client.WaitAsync(DtlsTestPeers.Patience);
        Assert.Equal(clientKeys.ServerKey, serverKeys.ServerKey);
    }

    /// <summary>
    /// Mutated copies of a real ClientHello: those still well-formed as records reach BouncyCastle's handshake code.
    /// One that parses badly ends that server's handshake with a fatal alert (decode_error, handshake_failure, ...);
    /// one that parses well is answered with a ServerHello flight, and that handshake then belongs to a client that
    /// does not exist. Both are legitimate: a handshake is bound to the first ClientHello it accepts. So a server
    /// transport ended or taken over by the garbage is replaced by a fresh one (the taken-over one is closed), each
    /// ending must be a <see cref="DtlsHandshakeException"/>, and a real client then handshakes with a fresh server.
    /// </summary>
    [Fact]
    public async Task Mutated_client_hellos_end_handshakes_only_through_DtlsHandshakeException()
    {
        byte[][] flight = CaptureClientHelloFlight();
        var certificate = DtlsCertificate.Generate();
        var options = new DtlsTransportOptions { HandshakeTimeout = TimeSpan.FromSeconds(5), Limiter = new DtlsHandshakeLimiter(1024) };
        var ended = new List<Task<SrtpKeyingMaterial>>();
        int answered = 0, takenOver = 0;
        DtlsDatagramChannel channel = null!;
        DtlsTransport transport = null!;
        Task<SrtpKeyingMaterial> handshake = null!;

        void StartServer()
        {
            Volatile.Write(ref answered, 0);
            channel = new DtlsDatagramChannel(_ => Volatile.Write(ref answered, 1));
            transport = new DtlsTransport(certificate, channel, options);
            handshake = transport.HandshakeAsync(DtlsRole.Server, DtlsTestPeers.WrongFingerprint());
        }

        StartServer();
        FuzzRunner.Run(output, "DTLS server awaiting a handshake", new Mutator(1234, flight), datagram =>
        {
            if (Volatile.Read(ref answered) != 0 && transport.State == DtlsTransportState.Handshaking)
            {
                takenOver++;
                transport.Close();
            }
            if (transport.State != DtlsTransportState.Handshaking)
            {
                ended.Add(handshake);
                StartServer();
            }
            FeedPaced(channel, datagram);
        }, GarbageDatagrams);
        transport.Close();
        ended.Add(handshake);

        var reasons = new Dictionary<string, int>();
        foreach (Task<SrtpKeyingMaterial> task in ended)
        {
            Exception? error = await Record.ExceptionAsync(() => task.WaitAsync(DtlsTestPeers.Patience));
            var failure = Assert.IsType<DtlsHandshakeException>(error);
            string key = failure.Reason + (failure.AlertDescription is { } alert ? $" (alert {alert})" : "");
            reasons[key] = reasons.GetValueOrDefault(key) + 1;
        }
        output.WriteLine($"server transports used: {ended.Count}, taken over by a forged ClientHello: {takenOver}; endings: " +
            string.Join(", ", reasons.OrderBy(r => r.Key).Select(r => $"{r.Key} x{r.Value}")));

        using var peers = new DtlsTestPeers();
        var (clientKeys, serverKeys) = await peers.HandshakeAsync();
        Assert.Equal(clientKeys.ClientKey, serverKeys.ClientKey);
    }

    /// <summary>
    /// After the handshake: random records, truncated records and mutations of every datagram the handshake
    /// carried (including encrypted epoch-1 records, whose MAC then fails) are fed to both connected transports.
    /// Both stay connected and still notice a real close_notify afterwards.
    /// </summary>
    [Fact]
    public async Task Garbage_after_the_handshake_is_ignored_by_connected_transports()
    {
        using var peers = new DtlsTestPeers();
        await peers.HandshakeAsync();
        int closedEvents = 0;
        var serverClosed = new TaskCompletionSource<DtlsClosedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        var closeDetails = new List<string>();
        peers.Server.Closed += (_, e) => { lock (closeDetails) closeDetails.Add($"server: {e.Reason} {e.Detail}"); Interlocked.Increment(ref closedEvents); serverClosed.TrySetResult(e); };
        peers.Client.Closed += (_, e) => { lock (closeDetails) closeDetails.Add($"client: {e.Reason} {e.Detail}"); Interlocked.Increment(ref closedEvents); };

        byte[][] seeds = [.. peers.Link.ClientToServer, .. peers.Link.ServerToClient];
        var random = new Random(99);
        int fed = 0;
        FuzzRunner.Run(output, "connected DTLS transports", new Mutator(4321, seeds), datagram =>
        {
            if (random.Next(4) == 0 && datagram.Length > 0) datagram[0] = 22;
            FeedPaced(fed++ % 2 == 0 ? peers.Link.ServerChannel : peers.Link.ClientChannel, datagram);
        }, GarbageDatagrams);
        WaitUntilDrained(peers.Link.ServerChannel);
        WaitUntilDrained(peers.Link.ClientChannel);

        lock (closeDetails) Assert.True(closedEvents == 0, string.Join("; ", closeDetails));
        Assert.Equal(DtlsTransportState.Connected, peers.Server.State);
        Assert.Equal(DtlsTransportState.Connected, peers.Client.State);

        peers.Client.Close();
        DtlsClosedEventArgs closed = await serverClosed.Task.WaitAsync(DtlsTestPeers.Patience);
        Assert.Equal(DtlsCloseReason.RemoteCloseNotify, closed.Reason);
    }

    /// <summary>
    /// Regression: without the channel's record screening, each of these single datagrams made BouncyCastle 2.7.0
    /// end a connected session with a fatal alert (internal_error for the reserved version {254, 254},
    /// decode_error for an AEAD record shorter than nonce plus tag).
    /// </summary>
    [Fact]
    public async Task Single_datagrams_that_used_to_kill_a_session_are_screened_out()
    {
        using var peers = new DtlsTestPeers();
        await peers.HandshakeAsync();
        int closedEvents = 0;
        peers.Server.Closed += (_, _) => Interlocked.Increment(ref closedEvents);
        peers.Client.Closed += (_, _) => Interlocked.Increment(ref closedEvents);

        byte[] reservedVersion = TestRecords.Record(22, 0, 40, minor: 0xFE);
        byte[] shortCiphertext = TestRecords.Record(23, 1, 10);
        foreach (DtlsDatagramChannel channel in new[] { peers.Link.ServerChannel, peers.Link.ClientChannel })
        {
            Assert.False(channel.Enqueue(reservedVersion));
            Assert.False(channel.Enqueue(shortCiphertext));
            Assert.Equal(2, channel.RejectedDatagrams);
        }
        // A well-formed record with a wrong tag (and a fresh sequence number, so the replay window lets it be
        // decrypted) gets through the screen, fails authentication and is discarded by BouncyCastle's record layer.
        Assert.True(peers.Link.ServerChannel.Enqueue(TestRecords.Record(23, 1, 40, fill: 0x5A, sequence: 1000)));
        WaitUntilDrained(peers.Link.ServerChannel);

        Assert.Equal(0, closedEvents);
        Assert.Equal(DtlsTransportState.Connected, peers.Server.State);
        Assert.Equal(DtlsTransportState.Connected, peers.Client.State);
    }

    /// <summary>The first flight of a real client, captured by letting it talk into the void.</summary>
    private static byte[][] CaptureClientHelloFlight()
    {
        var sent = new List<byte[]>();
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var channel = new DtlsDatagramChannel(datagram =>
        {
            lock (sent) sent.Add(datagram.ToArray());
            first.TrySetResult();
        });
        using (var client = new DtlsTransport(DtlsCertificate.Generate(), channel, DtlsTestPeers.Options()))
        {
            Task<SrtpKeyingMaterial> handshake = client.HandshakeAsync(DtlsRole.Client, DtlsTestPeers.WrongFingerprint());
            Assert.True(first.Task.Wait(DtlsTestPeers.Patience));
            client.Close();
            Assert.Throws<AggregateException>(() => handshake.Wait(DtlsTestPeers.Patience));
        }
        lock (sent)
        {
            Assert.Equal((byte)22, sent[0][0]);
            return [sent[0]];
        }
    }

    /// <summary>Keeps the queue short so every datagram is really read rather than dropped at the door.</summary>
    private static void FeedPaced(DtlsDatagramChannel channel, byte[] datagram)
    {
        var patience = Stopwatch.StartNew();
        while (channel.QueuedDatagrams >= DtlsDatagramChannel.DefaultCapacity / 2 && !channel.IsClosed)
        {
            if (patience.Elapsed > DtlsTestPeers.Patience) throw new TimeoutException("the DTLS reader stopped consuming");
            Thread.Sleep(0);
        }
        channel.Enqueue(datagram);
    }

    private static void WaitUntilDrained(DtlsDatagramChannel channel)
    {
        var patience = Stopwatch.StartNew();
        while (channel.QueuedDatagrams > 0 && patience.Elapsed < DtlsTestPeers.Patience) Thread.Sleep(1);
        Assert.Equal(0, channel.QueuedDatagrams);
        Thread.Sleep(20); // the last datagram is dequeued before it is processed
    }
}
