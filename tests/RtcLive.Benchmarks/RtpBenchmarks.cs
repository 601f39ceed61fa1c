using BenchmarkDotNet.Attributes;
using RtcLive.WebRtc.Codecs;
using RtcLive.WebRtc.Rtcp;
using RtcLive.WebRtc.Rtp;

namespace RtcLive.Benchmarks;

/// <summary>
/// The per-packet work of forwarding: read an incoming RTP packet and its extensions, restamp it for a
/// subscriber, rewrite the VP8 descriptor on a simulcast switch, and read the sender's RTCP. All of it must
/// allocate nothing.
/// </summary>
[MemoryDiagnoser]
public class RtpBenchmarks
{
    private const byte MidId = 4, RidId = 10, AbsSendTimeId = 2, TransportCcId = 3;

    private byte[] _packet = [];
    private byte[] _rtcp = [];
    private int _vp8Offset;
    private RtpExtensionMap _map;
    private ushort _sequence;

    [GlobalSetup]
    public void Setup()
    {
        // A Chrome-like VP8 keyframe packet: one-byte extensions mid, rid, abs-send-time, transport-cc.
        _packet = new byte[1200];
        byte[] block = new byte[32];
        var extensions = new RtpHeaderExtensionWriter(block, RtpExtensionForm.OneByte);
        extensions.TryAdd(MidId, "0"u8);
        extensions.TryAdd(RidId, "h"u8);
        extensions.TryAddAbsSendTime(AbsSendTimeId, 0x1A2B3C);
        extensions.TryAddTransportSequenceNumber(TransportCcId, 42);
        int blockLength = extensions.Finish();
        _vp8Offset = RtpHeaderWriter.Write(_packet, new RtpHeaderFields(96, 4660, 0x2B5A1C40, 0x6E2D9F01), default, block.AsSpan(0, blockLength));
        Convert.FromHexString("90E09B3F5720" + "1002009D012A8002E001").CopyTo(_packet, _vp8Offset);

        _map = new RtpExtensionMap { Mid = MidId, RtpStreamId = RidId, AbsSendTime = AbsSendTimeId, TransportSequenceNumber = TransportCcId };

        _rtcp = new byte[128];
        int length = SenderReport.Write(_rtcp, 0x6E2D9F01, new SenderInfo(new NtpTimestamp(0xE93C0E00, 0x80000000), 0x2B5A1C40, 400, 360_000));
        length += SourceDescription.WriteCanonicalName(_rtcp.AsSpan(length), 0x6E2D9F01, "rtclive-cname-01"u8);
        Array.Resize(ref _rtcp, length);
    }

    [Benchmark]
    public int ParseHeaderAndExtensions()
    {
        if (!RtpHeader.TryParse(_packet, out var header))
            return -1;
        int sum = header.SequenceNumber + header.PayloadType + header.Payload.Length;
        if (_map.TryGetMid(header, out var mid)) sum += mid.Length;
        if (_map.TryGetRtpStreamId(header, out var rid)) sum += rid[0];
        if (_map.TryGetAbsSendTime(header, out uint absSendTime)) sum += (int)absSendTime;
        if (_map.TryGetTransportSequenceNumber(header, out ushort twcc)) sum += twcc;
        return sum;
    }

    [Benchmark]
    public int RewriteSequenceTimestampSsrc()
    {
        Span<byte> packet = _packet;
        _sequence++;
        RtpHeaderWriter.SetSequenceNumber(packet, _sequence);
        RtpHeaderWriter.SetTimestamp(packet, 90_000u * _sequence);
        RtpHeaderWriter.SetSsrc(packet, 0xCAFEBABE);
        RtpHeaderExtensionRewriter.TrySetTransportSequenceNumber(packet, TransportCcId, _sequence);
        return packet[3];
    }

    [Benchmark]
    public int Vp8DescriptorParseAndRewrite()
    {
        Span<byte> payload = _packet.AsSpan(_vp8Offset);
        if (!Vp8PayloadDescriptor.TryParse(payload, out var vp8))
            return -1;
        Vp8PayloadDescriptor.TrySetPictureId(payload, (ushort)(vp8.PictureId + 1));
        Vp8PayloadDescriptor.TrySetTl0PicIdx(payload, (byte)(vp8.Tl0PicIdx + 1));
        return vp8.IsKeyFrame ? 1 : 0;
    }

    [Benchmark]
    public long RtcpCompoundSenderReportAndSdes()
    {
        long sum = 0;
        var reader = new RtcpCompoundReader(_rtcp);
        while (reader.MoveNext())
        {
            if (SenderReport.TryParse(reader.Current, out var sr))
                sum += sr.Info.PacketCount + sr.Ssrc;
            else if (SourceDescription.TryParse(reader.Current, out var sdes))
                foreach (SdesChunk chunk in sdes)
                    if (chunk.TryGetCanonicalName(out var cname))
                        sum += cname.Length;
        }
        return sum;
    }
}
