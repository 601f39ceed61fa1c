using System.Net;
using RtcLive.LoadTest.Flood;
using RtcLive.Sfu.Rooms;
using RtcLive.Sfu.Tests.Rooms;
using RtcLive.WebRtc.Dtls;
using RtcLive.WebRtc.Transport;
using Xunit.Abstractions;

namespace RtcLive.Sfu.Tests.Floods;

/// <summary>
/// Bounded floods at a node's media port while a class is in progress on it: the viewer keeps receiving the presenter's
/// frames, the node's state does not grow (sessions, bound addresses, handshakes, managed memory), and the port's
/// counters say what was dropped and why. Each flood lasts a few seconds; the figures are printed as <c>flood:</c> lines.
/// </summary>
[Collection(FloodCollection.Name)]
public sealed class MediaPortFloodTests(ITestOutputHelper output)
{
    private static readonly TimeSpan FloodDuration = TimeSpan.FromSeconds(3);
    private const long MaxDatagrams = 1_000_000;
    // A fixed rate, not "as fast as the socket takes them": the sender shares the node's process and 2 cores, so an
    // unbounded flood measures the machine, not the node. The figure the tests stand for is this rate survived.
    private const int FloodRate = 100_000;
    private static readonly IPAddress Attacker = IPAddress.Parse("127.0.0.2");

    [Fact]
    public async Task Random_datagrams_are_dropped_at_the_demultiplexer_while_the_class_goes_on()
    {
        await using var live = await LiveClass.StartAsync();
        using var flood = new DatagramFlood(live.Node.Port.Mux.LocalEndPoint, Attacker, sources: 16);
        var m = await MeasureAsync(live, () => flood.Run(FloodDatagramSet.Random(seed: 9), MaxDatagrams, FloodDuration, FloodRate));

        var mux = live.Node.Port.Mux.Counters;
        long dropped = m.Dropped(c => c.UnknownKind + c.UnboundAddress + c.StunWithoutSession);
        Report(m, $"dropped unknown_kind+unbound_address+stun_without_session {dropped}");
        Assert.True(dropped > 0, "the random datagrams reached the port and were dropped there");
        Assert.Equal(0, mux.Errors);
        m.AssertClassWentOn();
        m.AssertStateUnchanged();
    }

    [Fact]
    public async Task A_storm_of_checks_with_wrong_credentials_is_counted_and_mostly_unanswered_while_the_class_goes_on()
    {
        await using var live = await LiveClass.StartAsync();
        // The attacker knows the presenter's ufrag (as anyone who saw the SDP would), not its password.
        string ufrag = live.Presenter.Publisher!.Transport!.LocalUfrag;
        var checks = new FloodDatagramSet("stun", [.. FloodDatagramSet.StunChecks(ufrag).Datagrams, .. FloodDatagramSet.StunChecks(null).Datagrams]);
        using var flood = new DatagramFlood(live.Node.Port.Mux.LocalEndPoint, Attacker, sources: 16);
        var m = await MeasureAsync(live, () => flood.Run(checks, MaxDatagrams, FloodDuration, FloodRate));

        long bad = m.Dropped(c => c.BadStunCredentials);
        long suppressed = m.After.Port.StunErrorResponsesSuppressed - m.Before.Port.StunErrorResponsesSuppressed;
        long unknownUfrag = m.Dropped(c => c.StunWithoutSession);
        Report(m, $"bad_stun_credentials {bad}, error responses suppressed {suppressed}, stun_without_session {unknownUfrag}");
        Assert.True(bad > 0, "checks naming the presenter's session failed its credentials");
        Assert.True(unknownUfrag > 0, "checks naming no session were dropped");
        // The session answers at most its error budget: a few per second, never one per forged check.
        long answered = bad - suppressed;
        Assert.InRange(answered, 1, WebRtcTransport.StunErrorBurst + (long)(m.Seconds + 2) * WebRtcTransport.StunErrorsPerSecond);
        Assert.Equal(MediaTransportState.Connected, live.Presenter.Publisher.Transport.State);
        m.AssertClassWentOn();
        m.AssertStateUnchanged();
    }

    [Fact]
    public async Task A_storm_of_ClientHellos_from_half_open_sessions_holds_at_most_the_per_address_share_of_handshakes()
    {
        await using var live = await LiveClass.StartAsync();
        var limiter = live.Node.Port.Handshakes;
        var attackerKey = EndpointKey.From(new IPEndPoint(Attacker, 0));
        const int Sessions = 24; // three times the per-address cap

        // The attacker joins a room of its own many times, completes ICE from 127.0.0.2 for each session (so its DTLS is
        // accepted) and then sends nothing but ClientHellos: each would hold a handshake thread until the timeout.
        var hellos = await FloodDatagramSet.ClientHellosAsync(8);
        using var flood = new DatagramFlood(live.Node.Port.Mux.LocalEndPoint, Attacker, sources: Sessions);
        var attackRoom = live.Node.GetOrCreateRoom("attack");
        var checks = new byte[Sessions][];
        for (int i = 0; i < Sessions; i++) checks[i] = HalfOpenSession.Open(attackRoom, $"attacker-{i}");
        int boundBefore = live.Node.Port.Mux.BoundAddressCount;
        Assert.True(flood.SendFromEach(i => checks[i]));
        Assert.True(SpinWait.SpinUntil(() => live.Node.Port.Mux.BoundAddressCount == boundBefore + Sessions, TimeSpan.FromSeconds(5)),
            "every attacker session accepted its check and bound its address");

        int peakFromAttacker = 0;
        var late = new ReceivedVideo();
        var m = await MeasureAsync(live, () =>
        {
            using var sampling = new Timer(_ =>
            {
                int now = limiter.InProgressFrom(attackerKey);
                if (now > Volatile.Read(ref peakFromAttacker)) Volatile.Write(ref peakFromAttacker, now);
            }, null, 0, 20);
            return flood.Run(hellos, MaxDatagrams, FloodDuration, FloodRate);
        }, during: async () =>
        {
            // Someone else joins the class in the middle of the storm, from another address: the attacker cannot take
            // every handshake slot, so this viewer connects and receives the class.
            await Task.Delay(500);
            await live.JoinViewerAsync("late-viewer", late);
        });

        long refusedDatagrams = m.Dropped(c => c.HandshakeLimit);
        Report(m, $"handshake_limit {refusedDatagrams}, attacker handshakes at most {peakFromAttacker} of {Sessions} sessions " +
            $"(cap {limiter.MaxPerAddress} per address, {limiter.MaxConcurrent} in all), late viewer received {late.Count} frames");
        Assert.Equal(limiter.MaxPerAddress, peakFromAttacker);
        Assert.True(refusedDatagrams > 0, "ClientHellos of sessions over the per-address cap were refused and counted");
        Assert.True(await late.WaitUntilAsync(v => v.Count >= 10, TimeSpan.FromSeconds(5)), "a viewer joining during the storm gets the class");
        m.AssertClassWentOn();
        Assert.InRange(m.After.ManagedBytes - m.Before.ManagedBytes, long.MinValue, FloodMeasurement.ManagedGrowthLimit);

        // The attacker's sessions go (their consent would lapse; here they are removed): their handshakes end with them.
        foreach (var attacker in attackRoom.Participants) attackRoom.Leave(attacker, "test");
        Assert.True(SpinWait.SpinUntil(() => limiter.InProgressFrom(attackerKey) == 0, TimeSpan.FromSeconds(5)),
            "the half-open handshakes ended with their sessions");
        Assert.Equal(boundBefore + 1, live.Node.Port.Mux.BoundAddressCount); // what is left: the class, and the late viewer
    }

    private async Task<FloodMeasurement> MeasureAsync(LiveClass live, Func<FloodResult> flood, Func<Task>? during = null)
    {
        var before = FloodSnapshot.Take(live);
        var running = Task.Factory.StartNew(flood, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (during is not null) await during();
        var result = await running;
        await Task.Delay(300); // what the flood left in the socket buffer is read and dropped
        var after = FloodSnapshot.Take(live);
        return new FloodMeasurement(result, before, after);
    }

    private void Report(FloodMeasurement m, string drops)
    {
        var r = m.Result;
        FloodReport.Write(output,
            $"flood: {r.Kind}: sent {r.Sent:N0} in {r.Elapsed.TotalSeconds:F1} s ({r.SentPerSecond:N0}/s), node read {m.ReadPerSecond:N0}/s; {drops}; " +
            $"class frames {m.FramesReceived}/{m.FramesSent} during; node receive thread CPU {m.ReceiveCpuSeconds:F2} s, process CPU {m.ProcessCpuSeconds:F2} s; " +
            $"RSS {m.Before.RssBytes / 1048576.0:F0} → {m.After.RssBytes / 1048576.0:F0} MiB, managed {m.Before.ManagedBytes / 1048576.0:F1} → {m.After.ManagedBytes / 1048576.0:F1} MiB");
    }
}
