using System.Buffers.Binary;
using RtcLive.WebRtc.Rtcp;
using RtcLive.WebRtc.Rtp;
using RtcLive.WebRtc.Transport;

namespace RtcLive.WebRtc.Echo;

/// <summary>
/// One peer of the echo endpoint: what it sends on a send m-line comes back on the receive m-line paired with
/// it, under a new SSRC and with the mid header extension rewritten, so the browser hands it to that
/// transceiver. Picture-loss and NACK feedback for the echoed stream is turned round to the original sender.
/// Runs entirely on the media socket's receive thread.
/// </summary>
public sealed class EchoSession : IMediaReceiver
{
    private readonly WebRtcTransport _transport;
    private readonly List<EchoRoute> _routes;
    private readonly byte _midExtensionId;
    private readonly byte[] _rtcpScratch = new byte[1500];
    private long _echoedPackets;
    private long _droppedPackets;

    internal EchoSession(WebRtcTransport transport, List<EchoRoute> routes, byte midExtensionId)
    {
        _transport = transport;
        _routes = routes;
        _midExtensionId = midExtensionId;
        transport.Receiver = this;
    }

    public WebRtcTransport Transport => _transport;

    public long EchoedPackets => Interlocked.Read(ref _echoedPackets);

    /// <summary>Packets that could not be routed (unknown stream, or a mid that cannot be rewritten in place).</summary>
    public long DroppedPackets => Interlocked.Read(ref _droppedPackets);

    public void OnRtp(Span<byte> packet)
    {
        if (!RtpHeader.TryParse(packet, out var header)) { _droppedPackets++; return; }
        var route = FindRoute(header);
        if (route is null) { _droppedPackets++; return; }

        if (_midExtensionId != 0 && RtpHeaderExtensionRewriter.TryGetValue(packet, _midExtensionId, out var mid))
        {
            if (mid.Length != route.SinkMidBytes.Length) { _droppedPackets++; return; }
            route.SinkMidBytes.CopyTo(mid);
        }
        RtpHeaderWriter.SetSsrc(packet, route.OutSsrc);
        if (_transport.SendRtp(packet)) _echoedPackets++;
    }

    private EchoRoute? FindRoute(in RtpHeader header)
    {
        uint ssrc = header.Ssrc;
        foreach (var route in _routes)
            if (route.InSsrc == ssrc) return route;

        if (_midExtensionId == 0 || !header.TryGetExtension(_midExtensionId, out var midValue)) return null;
        foreach (var route in _routes)
        {
            if (route.InSsrc is null && MidEquals(midValue, route.SourceMid))
            {
                route.InSsrc = ssrc;
                return route;
            }
        }
        return null;
    }

    private static bool MidEquals(ReadOnlySpan<byte> ascii, string mid)
    {
        if (ascii.Length != mid.Length) return false;
        for (int i = 0; i < ascii.Length; i++)
            if (ascii[i] != mid[i]) return false;
        return true;
    }

    /// <summary>Feedback about a stream we echo goes back to the peer as feedback about its own stream.</summary>
    public void OnRtcp(Span<byte> packet)
    {
        var reader = new RtcpCompoundReader(packet);
        while (reader.MoveNext())
        {
            var rtcp = reader.Current;
            if (rtcp.IsFeedback(RtcpPacketType.PayloadSpecificFeedback, PayloadSpecificFeedbackFormat.PictureLossIndication) && PictureLossIndication.TryParse(rtcp, out var pli))
            {
                if (SourceOf(pli.MediaSsrc) is { } source)
                    _transport.SendRtcp(_rtcpScratch.AsSpan(0, PictureLossIndication.Write(_rtcpScratch, pli.SenderSsrc, source)));
            }
            else if (rtcp.IsFeedback(RtcpPacketType.RtpFeedback, RtpFeedbackFormat.GenericNack) && GenericNack.TryParse(rtcp, out var nack))
            {
                if (SourceOf(nack.MediaSsrc) is { } source && rtcp.Packet.Length <= _rtcpScratch.Length)
                {
                    // Same FCI, other media SSRC: copy and patch the one field.
                    rtcp.Packet.CopyTo(_rtcpScratch);
                    BinaryPrimitives.WriteUInt32BigEndian(_rtcpScratch.AsSpan(8), source);
                    _transport.SendRtcp(_rtcpScratch.AsSpan(0, rtcp.Packet.Length));
                }
            }
        }
    }

    private uint? SourceOf(uint outSsrc)
    {
        foreach (var route in _routes)
            if (route.OutSsrc == outSsrc) return route.InSsrc;
        return null;
    }
}
