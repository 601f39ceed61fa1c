using RtcLive.Sfu.Feedback;
using RtcLive.WebRtc.Rtcp;

namespace RtcLive.Sfu.Tests.Feedback;

/// <summary>
/// A subscriber transport run end to end without sockets: we stamp transport-wide sequence numbers and
/// send packets at a steady rate; a simulated path loses some and delays the rest; the subscriber side
/// (a real <see cref="TransportCcFeedbackBuilder"/>, on its own clock) returns transport-cc feedback every
/// 100 ms, which is written, parsed and handed to the <see cref="BandwidthEstimator"/>, updated every 100 ms.
/// </summary>
internal sealed class SubscriberLinkSimulation
{
    private const long FeedbackIntervalMicroseconds = 100_000;
    private const long ReceiverClockOffset = 7_200_000_000; // the subscriber's clock reads two hours ahead

    private readonly TransportSequenceAllocator _sequence = new(65_500); // wraps soon
    private readonly TransportCcFeedbackBuilder _receiver = new();
    private readonly PriorityQueue<ushort, long> _inFlight = new();
    private readonly byte[] _feedback = new byte[1500];
    private long _nextFeedback;
    private int _packetIndex;

    public SubscriberLinkSimulation(BandwidthEstimator estimator, long startMicroseconds = 1_000_000)
    {
        Estimator = estimator;
        Now = startMicroseconds;
        _nextFeedback = startMicroseconds + FeedbackIntervalMicroseconds;
    }

    public BandwidthEstimator Estimator { get; }

    public long Now { get; private set; }

    /// <summary>Which packets (by index since the start) the path loses.</summary>
    public Func<int, bool> IsLost { get; set; } = _ => false;

    /// <summary>One-way delay of a packet sent at a time, in µs.</summary>
    public Func<long, long> Delay { get; set; } = _ => 20_000;

    public int FeedbackPackets { get; private set; }

    /// <summary>Sends <paramref name="packetSize"/>-byte packets every <paramref name="intervalMicroseconds"/> for a while.</summary>
    public void Run(long durationMicroseconds, int packetSize = 1_250, long intervalMicroseconds = 10_000)
    {
        long end = Now + durationMicroseconds;
        long nextSend = Now;
        while (Now < end)
        {
            if (Now >= nextSend)
            {
                ushort sequence = _sequence.Next();
                Estimator.OnPacketSent(sequence, packetSize, Now);
                if (!IsLost(_packetIndex++))
                    _inFlight.Enqueue(sequence, Now + Delay(Now));
                nextSend += intervalMicroseconds;
            }
            while (_inFlight.TryPeek(out ushort arriving, out long arrival) && arrival <= Now)
            {
                _inFlight.Dequeue();
                _receiver.OnPacket(arriving, arrival + ReceiverClockOffset);
            }
            if (Now >= _nextFeedback)
            {
                while (_receiver.HasPendingFeedback)
                {
                    int length = _receiver.TryBuild(Now + ReceiverClockOffset, _feedback, 1, 2);
                    if (length == 0)
                        break;
                    Assert.True(RtcpPacket.TryParse(_feedback.AsSpan(0, length), out var packet));
                    Assert.True(TransportCcFeedback.TryParse(packet, out var feedback));
                    Estimator.OnTransportCcFeedback(feedback, Now);
                    FeedbackPackets++;
                }
                Estimator.Update(Now);
                _nextFeedback += FeedbackIntervalMicroseconds;
            }
            Now += 1_000;
        }
    }
}
