using RtcLive.Sfu.Feedback;
using RtcLive.Sfu.Forwarding;
using RtcLive.WebRtc.Rtcp;

namespace RtcLive.Sfu.Tests.Feedback;

/// <summary>
/// A node sending one subscriber simulcast video, closed-loop and without sockets: the layer comes from a real
/// <see cref="SimulcastSelector"/> fed by a real <see cref="BandwidthEstimator"/>, the subscriber is a real
/// <see cref="TransportCcFeedbackBuilder"/> (which reports the numbers it missed, as libwebrtc's receiver does), and
/// the path between them is the test's: it says when each packet arrives, or that it is lost. Time is simulated in
/// microseconds: every figure is decided by the code, none by the machine.
/// </summary>
internal sealed class ClosedLoopSubscriber
{
    public const int PacketSize = 1_200;
    public static readonly long[] LayerBitrates = [150_000, 700_000, 1_500_000];

    private const long LayerUpdateMicroseconds = 250_000;
    private const long FeedbackMicroseconds = 100_000;

    private readonly TransportSequenceAllocator _sequence = new(1);
    private readonly TransportCcFeedbackBuilder _receiver = new();
    private readonly PriorityQueue<ushort, long> _inFlight = new();
    private readonly byte[] _feedback = new byte[1500];
    private long _nextSend, _nextFeedback = FeedbackMicroseconds, _nextLayerUpdate;
    private long _packets;

    public ClosedLoopSubscriber(BandwidthEstimatorOptions? options = null)
    {
        Estimator = new BandwidthEstimator(options);
        for (int layer = 0; layer < LayerBitrates.Length; layer++)
        {
            Selector.SetLayerActive(layer, true, 0);
            Selector.SetLayerBitrate(layer, LayerBitrates[layer], 0);
        }
    }

    public BandwidthEstimator Estimator { get; }

    public SimulcastSelector Selector { get; } = new();

    /// <summary>What <c>Consumer.UpdateSelector</c> does every 250 ms; true when it ran at <paramref name="nowUs"/>.</summary>
    public bool UpdateSelectorIfDue(long nowUs)
    {
        if (nowUs < _nextLayerUpdate) return false;
        Selector.SetPathOutage(Estimator.IsInOutage(nowUs), nowUs / 1000);
        Selector.SetBandwidthEstimate(Estimator.EstimateBps, nowUs / 1000);
        _nextLayerUpdate += LayerUpdateMicroseconds;
        return true;
    }

    /// <summary>
    /// Sends the packets due by <paramref name="nowUs"/> at the current layer's bitrate. <paramref name="path"/> gets the
    /// send time and the packet's index (from 0) and returns its arrival time, or null when the path loses it.
    /// </summary>
    public void SendDue(long nowUs, Func<long, long, long?> path)
    {
        while (nowUs >= _nextSend)
        {
            for (int layer = 0; layer < LayerBitrates.Length; layer++)
                Selector.OnPacket(layer, isKeyframe: true, nowUs / 1000);
            int current = Math.Max(0, Selector.CurrentLayer);
            ushort transport = _sequence.Next();
            Estimator.OnPacketSent(transport, PacketSize, nowUs);
            if (path(nowUs, _packets++) is { } arrival) _inFlight.Enqueue(transport, arrival);
            _nextSend += PacketSize * 8 * 1_000_000L / LayerBitrates[current];
        }
    }

    /// <summary>Hands the subscriber what has arrived by <paramref name="nowUs"/>.</summary>
    public void Deliver(long nowUs)
    {
        while (_inFlight.TryPeek(out ushort arriving, out long arrival) && arrival <= nowUs)
        {
            _inFlight.Dequeue();
            _receiver.OnPacket(arriving, arrival);
        }
    }

    /// <summary>Every 100 ms the subscriber builds its feedback; unless the path loses it, the estimator reads it.</summary>
    public void ReturnFeedbackIfDue(long nowUs, bool lostOnTheWay = false)
    {
        if (nowUs < _nextFeedback) return;
        while (_receiver.HasPendingFeedback)
        {
            int length = _receiver.TryBuild(nowUs, _feedback, 1, 2);
            if (length == 0) break;
            if (lostOnTheWay) continue;
            Assert.True(RtcpPacket.TryParse(_feedback.AsSpan(0, length), out var packet));
            Assert.True(TransportCcFeedback.TryParse(packet, out var parsed));
            Estimator.OnTransportCcFeedback(parsed, nowUs);
        }
        Estimator.Update(nowUs);
        _nextFeedback += FeedbackMicroseconds;
    }
}
