using RtcLive.LoadTest.Media;
using RtcLive.LoadTest.Sampling;
using RtcLive.LoadTest.Targets;

namespace RtcLive.LoadTest.Stats;

/// <summary>Everything counted so far, summed over subscribers, with the SFU's and our own CPU at the same moment.</summary>
internal sealed record RunSnapshot(long AtMicros, int Subscribers, StreamCounters Video, StreamCounters Audio,
    LatencyHistogram VideoDelay, LatencyHistogram AudioDelay, long[] LayerPackets, ProcessSample? Sfu, ProcessSample? Self)
{
    public static RunSnapshot Take(IReadOnlyList<SubscriberSession> subscribers, ProcessSampler? sfu, ProcessSampler self)
    {
        StreamCounters video = default, audio = default;
        var videoDelay = new LatencyHistogram();
        var audioDelay = new LatencyHistogram();
        var layers = new long[4];
        foreach (var s in subscribers)
        {
            video += s.Receiver.Video.Counters;
            audio += s.Receiver.Audio.Counters;
            videoDelay.Add(s.Receiver.Video.Delay);
            audioDelay.Add(s.Receiver.Audio.Delay);
            for (int i = 0; i < layers.Length; i++) layers[i] += s.Receiver.Video.LayerPackets[i];
        }
        return new RunSnapshot(LoadClock.NowMicros, subscribers.Count, video, audio, videoDelay, audioDelay, layers, sfu?.Sample(), self.Sample());
    }
}
