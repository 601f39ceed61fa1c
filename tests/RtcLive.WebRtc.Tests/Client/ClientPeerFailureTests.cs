using System.Text.RegularExpressions;
using RtcLive.WebRtc.Client;
using RtcLive.WebRtc.Dtls;
using RtcLive.WebRtc.Ice;
using RtcLive.WebRtc.Sdp;
using RtcLive.WebRtc.Transport;
using Xunit.Abstractions;

namespace RtcLive.WebRtc.Tests.Client;

/// <summary>How a client peer fails: each failure ends <see cref="ClientPeer.ConnectAsync"/> with a reason that says what went wrong.</summary>
public sealed partial class ClientPeerFailureTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_server_whose_certificate_does_not_match_the_answer_fingerprint_is_refused()
    {
        await LoopbackEchoServer.WarmUpAsync();
        using var server = new LoopbackEchoServer();
        using var client = new ClientPeer();
        server.Echo.Accept(client.CreateOffer(new ClientTransceiver(MediaKind.Audio)), out string answer);

        client.SetRemoteAnswer(WithFingerprint(answer, DtlsCertificate.Generate().Fingerprint));

        var error = await Assert.ThrowsAsync<ClientConnectException>(() => client.ConnectAsync().WaitAsync(Timeout));
        output.WriteLine(error.Message);
        Assert.Equal(MediaTransportState.Failed, error.State);
        Assert.Contains("FingerprintMismatch", error.Reason);
        Assert.Equal(MediaTransportState.Failed, client.State);
    }

    [Fact]
    public async Task A_server_told_a_wrong_fingerprint_for_the_client_refuses_it_and_the_client_learns_why()
    {
        await LoopbackEchoServer.WarmUpAsync();
        using var server = new LoopbackEchoServer();
        using var client = new ClientPeer();
        string offer = WithFingerprint(client.CreateOffer(new ClientTransceiver(MediaKind.Audio)), DtlsCertificate.Generate().Fingerprint);
        server.Echo.Accept(offer, out string answer);

        client.SetRemoteAnswer(answer);

        var error = await Assert.ThrowsAsync<ClientConnectException>(() => client.ConnectAsync().WaitAsync(Timeout));
        output.WriteLine(error.Message);
        Assert.Equal(MediaTransportState.Failed, error.State);
        Assert.Contains("DTLS handshake failed", error.Reason);
        Assert.Contains("AlertReceived", error.Reason);
    }

    [Fact]
    public async Task Ice_fails_with_the_pairs_it_tried_when_nothing_answers()
    {
        using var client = new ClientPeer(new ClientPeerOptions { Ice = new IceAgentOptions { CheckTimeoutMs = 600 } });
        string answer;
        using (var server = new LoopbackEchoServer())
            server.Echo.Accept(client.CreateOffer(new ClientTransceiver(MediaKind.Audio)), out answer);
        // The server is gone: its port answers with ICMP unreachable at most.

        client.SetRemoteAnswer(answer);

        var error = await Assert.ThrowsAsync<ClientConnectException>(() => client.ConnectAsync().WaitAsync(Timeout));
        output.WriteLine(error.Message);
        Assert.StartsWith("ICE failed: no candidate pair succeeded", error.Reason);
        Assert.Contains("127.0.0.1", error.Reason);
    }

    [Fact]
    public async Task Candidates_the_socket_cannot_use_are_skipped_and_the_usable_one_connects()
    {
        await LoopbackEchoServer.WarmUpAsync();
        using var server = new LoopbackEchoServer();
        using var client = new ClientPeer();
        server.Echo.Accept(client.CreateOffer(new ClientTransceiver(MediaKind.Audio)), out string answer);
        string port = server.Mux.LocalEndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string unusable = string.Join("\r\n",
            "a=candidate:2 1 udp 2122262783 ::1 " + port + " typ host",
            "a=candidate:3 1 udp 2122194687 0f5e2bd6-5b0c-4e2b-a34f-5b6a1c0d5e11.local " + port + " typ host",
            "a=candidate:4 1 tcp 1518280447 127.0.0.1 9 typ host tcptype active",
            "a=candidate:5 2 udp 2122262782 127.0.0.1 " + port + " typ host",
            "a=candidate:6 1 ssltcp 1518280447 127.0.0.1 443 typ host",
            "");

        client.SetRemoteAnswer(answer.Replace("a=candidate:", unusable + "a=candidate:"));

        await client.ConnectAsync().WaitAsync(Timeout);
        Assert.Equal(server.Mux.LocalEndPoint, client.RemoteEndPoint);
    }

    [Fact]
    public async Task Ice_fails_clearly_when_the_answer_has_no_usable_candidate()
    {
        using var server = new LoopbackEchoServer();
        using var client = new ClientPeer(new ClientPeerOptions { Ice = new IceAgentOptions { CheckTimeoutMs = 300 } });
        server.Echo.Accept(client.CreateOffer(new ClientTransceiver(MediaKind.Audio)), out string answer);

        client.SetRemoteAnswer(CandidateLine().Replace(answer, "a=candidate:3 1 udp 2122194687 peer.local 5000 typ host"));

        var error = await Assert.ThrowsAsync<ClientConnectException>(() => client.ConnectAsync().WaitAsync(Timeout));
        Assert.StartsWith("ICE failed: the remote offered no candidate this peer can reach", error.Reason);
        Assert.False(client.AddRemoteCandidate("candidate:9 1 udp 1 127.0.0.1 5000 typ host"), "a failed agent takes no candidates");
    }

    [Fact]
    public void Calls_out_of_order_are_refused()
    {
        using var client = new ClientPeer();
        using var other = new ClientPeer();
        string otherOffer = other.CreateOffer(new ClientTransceiver(MediaKind.Audio));

        Assert.Throws<InvalidOperationException>(() => client.SetRemoteAnswer(otherOffer));
        Assert.Throws<InvalidOperationException>(() => { _ = client.ConnectAsync(); }); // thrown at once, not through the task
        Assert.Throws<InvalidOperationException>(() => client.AddRemoteCandidate("candidate:1 1 udp 1 127.0.0.1 5000 typ host"));
        Assert.Throws<ArgumentException>(() => client.CreateOffer());

        client.CreateOffer(new ClientTransceiver(MediaKind.Audio));
        Assert.Throws<InvalidOperationException>(() => client.AcceptOffer(otherOffer));

        client.Close();
        Assert.Throws<InvalidOperationException>(() => client.CreateOffer(new ClientTransceiver(MediaKind.Audio)));
    }

    [Fact]
    public void An_answer_that_does_not_fit_the_offer_is_refused()
    {
        using var server = new LoopbackEchoServer();
        using var client = new ClientPeer();
        string twoLines = client.CreateOffer(new ClientTransceiver(MediaKind.Audio), new ClientTransceiver(MediaKind.Video));
        server.Echo.Accept(twoLines, out string answer);
        client.CreateOffer(new ClientTransceiver(MediaKind.Audio)); // the last offer counts

        var error = Assert.Throws<SdpNegotiationException>(() => client.SetRemoteAnswer(answer));
        Assert.Contains("2 m-lines", error.Message);
        Assert.Throws<SdpParseException>(() => client.SetRemoteAnswer("not sdp"));
    }

    private static string WithFingerprint(string sdp, string fingerprint) =>
        FingerprintLine().Replace(sdp, "a=fingerprint:" + fingerprint);

    [GeneratedRegex("a=fingerprint:[^\r\n]+")]
    private static partial Regex FingerprintLine();

    [GeneratedRegex("a=candidate:[^\r\n]+")]
    private static partial Regex CandidateLine();
}
