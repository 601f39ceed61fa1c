using System.Diagnostics;
using RtcLive.WebRtc.Client;
using RtcLive.WebRtc.Dtls;
using RtcLive.WebRtc.Ice;
using RtcLive.WebRtc.Sdp;
using RtcLive.WebRtc.Srtp;
using RtcLive.WebRtc.Transport;
using Xunit.Abstractions;

namespace RtcLive.WebRtc.Tests.Client;

/// <summary>
/// The client peer against the server half of the stack over real UDP on 127.0.0.1: ICE (controlling against
/// ICE-lite), DTLS with the client peer as DTLS client, SRTP both ways, and the echo endpoint sending every
/// packet back under a new SSRC.
/// </summary>
public sealed class ClientPeerEchoTests(ITestOutputHelper output)
{
    private const int PacketsPerTrack = 200;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(SrtpProfile.AeadAes128Gcm)]
    [InlineData(SrtpProfile.AesCm128HmacSha1_80)]
    public async Task Rtp_sent_on_both_transceivers_comes_back_intact_under_new_ssrcs(SrtpProfile profile)
    {
        await LoopbackEchoServer.WarmUpAsync();
        using var server = new LoopbackEchoServer();
        using var client = new ClientPeer(new ClientPeerOptions { Dtls = new DtlsTransportOptions { SrtpProfiles = [profile] } });

        string offer = client.CreateOffer(new ClientTransceiver(MediaKind.Video), new ClientTransceiver(MediaKind.Audio));
        var session = server.Echo.Accept(offer, out string answer);
        client.SetRemoteAnswer(answer);

        var video = client.FindMedia("0")!;
        var audio = client.FindMedia("1")!;
        Assert.Equal(("VP8", (byte)96, (byte)4), (video.Codec.Name, video.PayloadType, video.MidExtensionId));
        Assert.Equal(("opus", (byte)111, (byte)4), (audio.Codec.Name, audio.PayloadType, audio.MidExtensionId));
        Assert.Equal(MediaDirection.SendRecv, video.Direction);
        Assert.NotNull(video.LocalSsrc);
        Assert.NotNull(audio.LocalSsrc);

        var received = new RecordingReceiver(video.MidExtensionId);
        client.Receiver = received;
        await client.ConnectAsync().WaitAsync(Timeout);
        // The server finishes its side of the handshake a moment after we receive its last flight; what we
        // sent before it has its keys would be dropped, and this test counts every packet.
        Assert.True(SpinWait.SpinUntil(() => session.Transport.State == MediaTransportState.Connected, Timeout));

        Assert.Equal(MediaTransportState.Connected, client.State);
        Assert.Equal(DtlsRole.Client, client.DtlsRole);
        Assert.Equal(profile, client.SrtpProfile);
        Assert.Equal(profile, session.Transport.Secure.Profile);
        Assert.Equal(server.Mux.LocalEndPoint, client.RemoteEndPoint);

        // Start near the top of the sequence space so the echo's and our SRTP contexts both roll over.
        var sent = new HashSet<ushort>();
        byte[] packet = new byte[1500];
        for (int i = 0; i < PacketsPerTrack; i++)
        {
            ushort sequenceNumber = (ushort)(65_436 + i);
            sent.Add(sequenceNumber);
            foreach (var media in new[] { video, audio })
                Assert.True(client.SendRtp(packet.AsSpan(0, SyntheticRtp.Write(packet, media, media.LocalSsrc!.Value, sequenceNumber))));
            if (i % 25 == 24) await Task.Delay(2); // a little pacing, as a real sender has
        }

        bool all = await received.WaitUntilAsync(r => r.Count("0") >= PacketsPerTrack && r.Count("1") >= PacketsPerTrack, Timeout);
        var packets = received.Snapshot();
        output.WriteLine($"{profile}: received {packets.Count}, echoed {session.EchoedPackets}, dropped by echo {session.DroppedPackets}, " +
            $"handshake {client.HandshakeDuration?.TotalMilliseconds:F0} ms");
        Assert.True(all, $"received video {received.Count("0")}, audio {received.Count("1")} of {PacketsPerTrack} each");

        var echoSsrcs = new HashSet<uint>();
        foreach (var media in new[] { video, audio })
        {
            var ofTrack = packets.Where(p => p.Mid == media.Mid).ToList();
            Assert.Equal(PacketsPerTrack, ofTrack.Count);
            Assert.All(ofTrack, p => Assert.True(p.PayloadIntact, $"payload of {media.Mid}/{p.SequenceNumber} changed"));
            Assert.All(ofTrack, p => Assert.Equal(media.PayloadType, p.PayloadType));
            Assert.Equal(sent, ofTrack.Select(p => p.SequenceNumber).ToHashSet());
            uint echoSsrc = Assert.Single(ofTrack.Select(p => p.Ssrc).Distinct());
            Assert.NotEqual(media.LocalSsrc, echoSsrc);
            echoSsrcs.Add(echoSsrc);
        }
        Assert.Equal(2, echoSsrcs.Count);
        Assert.Equal(0, client.UnprotectFailures);
        Assert.Equal(0, session.Transport.Secure.UnprotectFailures);
    }

    [Fact]
    public async Task Close_sends_close_notify_and_the_server_transport_ends_at_once()
    {
        await LoopbackEchoServer.WarmUpAsync();
        using var server = new LoopbackEchoServer();
        using var client = new ClientPeer();
        var session = server.Echo.Accept(client.CreateOffer(new ClientTransceiver(MediaKind.Audio)), out string answer);
        var serverEnded = new TaskCompletionSource<(MediaTransportState State, string Reason)>(TaskCreationOptions.RunContinuationsAsynchronously);
        session.Transport.Ended += (_, state, reason) => serverEnded.TrySetResult((state, reason));
        var clientEnded = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Ended += (_, _, reason) => clientEnded.TrySetResult(reason);
        client.SetRemoteAnswer(answer);
        await client.ConnectAsync().WaitAsync(Timeout);
        Assert.True(SpinWait.SpinUntil(() => session.Transport.State == MediaTransportState.Connected, Timeout));

        client.Close();

        var (state, reason) = await serverEnded.Task.WaitAsync(TimeSpan.FromSeconds(3));
        output.WriteLine($"server transport ended: {state}, {reason}");
        Assert.Equal(MediaTransportState.Closed, state);
        Assert.Contains("RemoteCloseNotify", reason);
        Assert.Equal("closed locally", await clientEnded.Task);
        Assert.Equal(MediaTransportState.Closed, client.State);
        Assert.False(client.SendRtp(new byte[20]));
    }

    [Fact]
    public async Task Consent_checks_keep_the_server_transport_alive_and_it_ends_on_consent_expiry_after_an_abort()
    {
        await LoopbackEchoServer.WarmUpAsync();
        var consentTimeout = TimeSpan.FromSeconds(2);
        using var server = new LoopbackEchoServer(new WebRtcTransportOptions { ConsentTimeout = consentTimeout }, TimeSpan.FromMilliseconds(100));
        using var client = new ClientPeer(new ClientPeerOptions { Ice = new IceAgentOptions { ConsentIntervalMs = 400 } });
        var session = server.Echo.Accept(client.CreateOffer(new ClientTransceiver(MediaKind.Audio)), out string answer);
        var serverEnded = new TaskCompletionSource<(MediaTransportState State, string Reason)>(TaskCreationOptions.RunContinuationsAsynchronously);
        session.Transport.Ended += (_, state, reason) => serverEnded.TrySetResult((state, reason));
        client.SetRemoteAnswer(answer);
        await client.ConnectAsync().WaitAsync(Timeout);

        // Longer than the consent timeout: only the client's consent checks keep the server transport up.
        await Task.Delay(consentTimeout + TimeSpan.FromSeconds(1));
        Assert.False(serverEnded.Task.IsCompleted, "the server transport ended while the client was alive");
        Assert.Equal(MediaTransportState.Connected, session.Transport.State);

        var stopwatch = Stopwatch.StartNew();
        client.Abort(); // no close_notify: the server can only notice that checks stopped
        var (state, reason) = await serverEnded.Task.WaitAsync(TimeSpan.FromSeconds(6));
        output.WriteLine($"server transport ended after {stopwatch.ElapsedMilliseconds} ms: {state}, {reason}");
        Assert.Equal(MediaTransportState.Failed, state);
        Assert.Equal("ICE consent expired", reason);
        Assert.InRange(stopwatch.Elapsed, consentTimeout - TimeSpan.FromMilliseconds(700), consentTimeout + TimeSpan.FromSeconds(1.5));
    }
}
