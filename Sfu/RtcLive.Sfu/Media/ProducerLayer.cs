using RtcLive.Sfu.Feedback;
using RtcLive.Sfu.Forwarding;

namespace RtcLive.Sfu.Media;

/// <summary>One encoding of a published track: a simulcast layer (named by its rid) or the only one.</summary>
public sealed class ProducerLayer
{
    private BitrateMeter _bitrate;

    internal ProducerLayer(int index, string? rid, int cacheSize)
    {
        Index = index;
        Rid = rid;
        Cache = new RtpPacketCache(cacheSize);
    }

    public int Index { get; }

    /// <summary>The rid of a simulcast layer (q, h, f from Chromium), or null.</summary>
    public string? Rid { get; }

    /// <summary>The SSRC the publisher uses for this layer, learned from the first packet naming it.</summary>
    public uint? Ssrc { get; internal set; }

    public uint? RtxSsrc { get; internal set; }

    internal RtpPacketCache Cache { get; }

    internal KeyframeRequestLimiter KeyframeLimiter { get; } = new();

    /// <summary>What the node itself asks the publisher to resend of this layer.</summary>
    internal PublisherNackGenerator Nacks { get; } = new();

    /// <summary>Loss and jitter of what the publisher sends on this layer, for our receiver reports to it.</summary>
    internal RtpReceiveStatistics? Statistics { get; set; }

    public long PacketsReceived { get; private set; }

    private long _lastKeyframeMs = long.MinValue;

    /// <summary>When a keyframe packet of this layer last arrived (Environment.TickCount64 ms); long.MinValue before one.</summary>
    public long LastKeyframeMs => Volatile.Read(ref _lastKeyframeMs);

    internal void OnKeyframePacket(long nowMs) => Volatile.Write(ref _lastKeyframeMs, nowMs);

    public long BitsPerSecond(long nowMs) => _bitrate.BitsPerSecond(nowMs);

    public bool IsActive(long nowMs) => _bitrate.IsActive(nowMs);

    internal void OnPacket(ReadOnlySpan<byte> packet, long nowMs)
    {
        PacketsReceived++;
        _bitrate.OnPacket(packet.Length, nowMs);
        Cache.Store(packet);
    }
}
