using System.Net;
using System.Net.Sockets;
using RtcLive.WebRtc.Client;
using RtcLive.WebRtc.Sdp;
using RtcLive.WebRtc.Stun;
using RtcLive.WebRtc.Tests.Client;
using RtcLive.WebRtc.Tests.Fuzzing;
using RtcLive.WebRtc.Transport;
using Xunit.Abstractions;

namespace RtcLive.WebRtc.Tests.Transport;

/// <summary>
/// Mutated and random datagrams shaped like STUN, DTLS, RTP and RTCP hit the media port, both from a stranger
/// and from the connected peer's own address (so they reach that session's ICE, DTLS and SRTP code), while
/// the peer keeps sending real media. The receive loop must survive every one of them and the peer's media
/// must keep coming back.
/// </summary>
public sealed class MediaPortUnderGarbageTests(ITestOutputHelper output)
{
    private const int GarbagePerSource = 50_000;

    [Fact]
    public async Task A_connected_peer_keeps_its_media_while_garbage_floods_the_port()
    {
        await LoopbackEchoServer.WarmUpAsync();
        using var server = new LoopbackEchoServer();
        using var client = new ClientPeer();
        string offer = client.CreateOffer(new ClientTransceiver(MediaKind.Video));
        var session = server.Echo.Accept(offer, out string answer);
        client.SetRemoteAnswer(answer);
        var video = client.FindMedia("0")!;
        var received = new RecordingReceiver(video.MidExtensionId);
        client.Receiver = received;
        await client.ConnectAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(SpinWait.SpinUntil(() => session.Transport.State == MediaTransportState.Connected, TimeSpan.FromSeconds(10)));

        var mutator = new Mutator(7, Seeds(session.Transport.LocalUfrag, client.LocalIceCredentials.Ufrag, video));
        using var stranger = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        stranger.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = server.Mux.LocalEndPoint;

        byte[] packet = new byte[1500];
        ushort sequence = 1000;
        int sentDuring = 0;
        for (int i = 0; i < GarbagePerSource; i++)
        {
            stranger.SendTo(mutator.Next(), port);
            client.SendRawDatagram(mutator.Next());
            if (i % 500 == 0)
            {
                client.SendRtp(packet.AsSpan(0, SyntheticRtp.Write(packet, video, video.LocalSsrc!.Value, sequence++)));
                sentDuring++;
                await Task.Delay(1); // let the receive thread breathe, as a real flood's gaps would
            }
        }
        await Task.Delay(500);
        int echoedDuring = received.Count("0");

        // After the flood, every packet must come back.
        for (int i = 0; i < 100; i++)
        {
            client.SendRtp(packet.AsSpan(0, SyntheticRtp.Write(packet, video, video.LocalSsrc!.Value, sequence++)));
            if (i % 10 == 9) await Task.Delay(2);
        }
        bool allAfter = await received.WaitUntilAsync(r => r.Count("0") >= echoedDuring + 100, TimeSpan.FromSeconds(5));

        var c = server.Mux.Counters;
        string line = $"fuzz: media port under garbage: {2 * GarbagePerSource} datagrams (half from the peer's own address); " +
            $"peer media echoed {echoedDuring}/{sentDuring} during, {received.Count("0") - echoedDuring}/100 after; " +
            $"dropped unknown {c.UnknownKind}, unbound {c.UnboundAddress}, stun-without-session {c.StunWithoutSession}, " +
            $"srtp rejected {session.Transport.Secure.UnprotectFailures}, handler errors {c.Errors}";
        output.WriteLine(line);
        FuzzRunner.Report(line);

        Assert.True(allAfter, line);
        Assert.Equal(MediaTransportState.Connected, session.Transport.State);
        Assert.Equal(MediaTransportState.Connected, client.State);
        Assert.True(session.Transport.Secure.UnprotectFailures > 0, "garbage from the peer's address reached SRTP and was rejected");
        Assert.True(c.UnboundAddress + c.StunWithoutSession > 0, "garbage from the stranger was dropped at the demultiplexer");
        Assert.Equal(0, c.Errors);
    }

    /// <summary>Valid-looking messages of every kind the port demultiplexes, for the mutator to start from.</summary>
    private static byte[][] Seeds(string serverUfrag, string clientUfrag, NegotiatedMedia video)
    {
        byte[] stun = new byte[200];
        Span<byte> transaction = stackalloc byte[StunMessage.TransactionIdLength];
        StunMessage.NewTransactionId(transaction);
        var writer = new StunMessageWriter(stun, StunMessageType.BindingRequest, transaction);
        writer.WriteUsername(System.Text.Encoding.ASCII.GetBytes($"{serverUfrag}:{clientUfrag}"));
        writer.WritePriority(1234567);
        writer.WriteUseCandidate();
        writer.WriteIceControlling(42);
        writer.WriteMessageIntegrity("not-the-password-at-all"u8);
        writer.WriteFingerprint();
        byte[] stunSeed = stun.AsSpan(0, writer.Length).ToArray();

        byte[] rtp = new byte[1500];
        int rtpLength = SyntheticRtp.Write(rtp, video, video.LocalSsrc!.Value, 7);
        byte[] srtpLike = rtp.AsSpan(0, rtpLength + 16).ToArray();

        byte[] rtcp = [0x81, 0xC9, 0x00, 0x07, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80, 0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        // DTLS 1.2 handshake record carrying the start of a ClientHello, and an application-data record.
        byte[] clientHello = [0x16, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x40, 0x01, 0, 0, 0x34, 0, 0, 0, 0, 0, 0, 0, 0x34, 0xFE, 0xFD,
            .. new byte[32], 0, 0, 0x04, 0xC0, 0x2B, 0xC0, 0x2F, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00];
        byte[] appData = [0x17, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, 5, 0, 0x20, .. new byte[32]];
        return [stunSeed, srtpLike, rtcp, clientHello, appData];
    }
}
