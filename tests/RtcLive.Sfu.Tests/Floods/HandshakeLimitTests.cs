using System.Diagnostics;
using System.Net;
using RtcLive.LoadTest.Flood;
using RtcLive.Sfu.Node;
using RtcLive.Sfu.Rooms;
using RtcLive.Sfu.Tests.Rooms;
using RtcLive.WebRtc.Transport;

namespace RtcLive.Sfu.Tests.Floods;

/// <summary>
/// The node's handshake limits from <see cref="SfuLimits"/>: a half-open handshake holds its slot only until the handshake
/// timeout, and a peer refused meanwhile is not failed: its retransmitted ClientHello starts the handshake once a slot
/// is free.
/// </summary>
public sealed class HandshakeLimitTests
{
    [Fact]
    public async Task A_peer_refused_by_a_full_limiter_connects_at_a_later_ClientHello_once_the_half_open_handshake_times_out()
    {
        await SfuTestRig.WarmUpAsync();
        using var rig = new SfuTestRig(limits: new SfuLimits { MaxConcurrentHandshakes = 1, HandshakeTimeout = TimeSpan.FromSeconds(2) });
        var limiter = rig.Node.Port.Handshakes;
        var mux = rig.Node.Port.Mux;

        // The attacker takes the node's only handshake slot and then says nothing more.
        byte[] check = HalfOpenSession.Open(rig.Node.GetOrCreateRoom("attack"), "attacker");
        var hellos = await FloodDatagramSet.ClientHellosAsync(1);
        using var attacker = new DatagramFlood(mux.LocalEndPoint, IPAddress.Parse("127.0.0.2"), sources: 1);
        Assert.True(attacker.SendFromEach(_ => check));
        Assert.True(SpinWait.SpinUntil(() => mux.BoundAddressCount == 1, TimeSpan.FromSeconds(5)));
        attacker.Run(hellos, maxCount: hellos.Datagrams.Count, maxDuration: TimeSpan.FromSeconds(1));
        Assert.True(SpinWait.SpinUntil(() => limiter.InProgress == 1, TimeSpan.FromSeconds(5)), "the half-open handshake holds the slot");

        // A real publisher connects meanwhile: refused at first, it gets in after the attacker's handshake times out.
        var clock = Stopwatch.StartNew();
        var presenter = rig.Room.Join("presenter", "Presenter", ParticipantRole.Presenter);
        await rig.PublishAsync(presenter, simulcast: false);

        Assert.True(mux.Counters.HandshakeLimit > 0, "the publisher's first ClientHellos were refused and counted");
        Assert.True(limiter.Refused > 0);
        Assert.True(clock.Elapsed > TimeSpan.FromSeconds(1), $"connected in {clock.Elapsed.TotalSeconds:F1} s, before the slot could be free");
        Assert.Equal(MediaTransportState.Connected, presenter.Publisher!.Transport!.State);
        Assert.Equal(0, limiter.InProgress);
    }
}
