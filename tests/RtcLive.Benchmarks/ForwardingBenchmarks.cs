using BenchmarkDotNet.Attributes;
using RtcLive.Sfu.Forwarding;
using RtcLive.WebRtc.Codecs;
using RtcLive.WebRtc.Rtcp;
using RtcLive.WebRtc.Rtp;

namespace RtcLive.Benchmarks;

/// <summary>
/// The SFU's per-subscriber forwarding work for one packet: cache it for NACKs, decide the simulcast layer,
/// rewrite SSRC, sequence number, timestamp and VP8 picture id in place; and answering a subscriber's NACK
/// from the cache. All of it must allocate nothing.
/// </summary>
[MemoryDiagnoser]
public class ForwardingBenchmarks
{
    private const uint SourceSsrc = 0x6E2D9F01, OutputSsrc = 0xCAFEBABE;

    private readonly byte[] _template = new byte[1200];
    private readonly byte[] _packet = new byte[1200];
    private readonly byte[] _resend = new byte[1500];
    private byte[] _nack = [];
    private int _payloadOffset;
    private RtpPacketCache _cache = null!;
    private RtpStreamRewriter _rewriter = null!;
    private SimulcastSelector _selector = null!;
    private RtpPacketCache[] _caches = [];
    private ushort _sequence;

    [GlobalSetup]
    public void Setup()
    {
        // A Chrome-like VP8 delta-frame packet with a 15-bit picture id and TL0PICIDX.
        _payloadOffset = RtpHeaderWriter.Write(_template, new RtpHeaderFields(96, 0, 0, SourceSsrc));
        Convert.FromHexString("90E09B3F5720" + "11").CopyTo(_template, _payloadOffset);

        _cache = new RtpPacketCache();
        _caches = [_cache];
        _rewriter = new RtpStreamRewriter(OutputSsrc, 90000, rewriteVp8: true);
        _selector = new SimulcastSelector();
        _selector.SetLayerBitrate(1, 500_000, 0);
        _selector.SetLayerActive(1, true, 0);
        _selector.SetBandwidthEstimate(2_000_000, 0);
        _selector.OnPacket(1, isKeyframe: true, 0);

        // Prime the cache and the rewriter so a NACK of 17 recent packets finds them all.
        for (int i = 0; i < 600; i++)
            ForwardOnePacket();
        ushort newest = _rewriter.LastSequenceNumber;
        ushort[] lost = new ushort[17];
        for (int i = 0; i < lost.Length; i++)
            lost[i] = (ushort)(newest - 100 + i);
        _nack = new byte[GenericNack.GetLength(lost)];
        GenericNack.Write(_nack, 1, OutputSsrc, lost);
    }

    /// <summary>One incoming packet for one subscriber: cache, layer decision, in-place rewrite.</summary>
    [Benchmark]
    public int ForwardOnePacket()
    {
        Span<byte> packet = _packet;
        _template.CopyTo(packet);
        _sequence++;
        RtpHeaderWriter.SetSequenceNumber(packet, _sequence);
        RtpHeaderWriter.SetTimestamp(packet, 3000u * (uint)(_sequence / 3));
        Vp8PayloadDescriptor.TrySetPictureId(packet.Slice(_payloadOffset), (ushort)(_sequence / 3));

        _cache.Store(packet);
        var decision = _selector.OnPacket(1, isKeyframe: false, _sequence);
        if (!decision.Forward)
            return -1;
        return (int)_rewriter.Rewrite(packet, _sequence);
    }

    /// <summary>The rewrite alone (sequence, timestamp, SSRC and VP8 descriptor), without cache or selector.</summary>
    [Benchmark]
    public int RewriteOnly()
    {
        Span<byte> packet = _packet;
        _sequence++;
        RtpHeaderWriter.SetSequenceNumber(packet, _sequence);
        RtpHeaderWriter.SetSsrc(packet, SourceSsrc);
        return (int)_rewriter.Rewrite(packet, _sequence);
    }

    /// <summary>A NACK for 17 packets answered from the cache, each rewritten for resend.</summary>
    [Benchmark]
    public int AnswerNackOf17()
    {
        RtcpPacket.TryParse(_nack, out var rtcp);
        GenericNack.TryParse(rtcp, out var nack);
        int bytes = 0;
        foreach (NackRepair repair in new NackResponder(nack, _rewriter, _caches, _resend))
            bytes += repair.Packet.Length;
        return bytes;
    }
}
