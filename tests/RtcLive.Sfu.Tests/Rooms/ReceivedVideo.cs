using RtcLive.WebRtc.Codecs;
using RtcLive.WebRtc.Rtcp;
using RtcLive.WebRtc.Rtp;
using RtcLive.WebRtc.Transport;

namespace RtcLive.Sfu.Tests.Rooms;

internal sealed record ReceivedFrame(uint Ssrc, ushort Sequence, uint Timestamp, int Layer, int Frame, ushort PictureId, byte PayloadType);

/// <summary>What a subscribing client peer received: every RTP packet summarized, and the RTCP it got.</summary>
internal sealed class ReceivedVideo : IMediaReceiver
{
    private readonly object _gate = new();
    private readonly List<ReceivedFrame> _frames = [];
    private int _pictureLossIndications;
    private int _transportCcFeedback;
    private int _transportCcPacketsReported;
    private int _senderReports;
    private readonly List<(uint Ssrc, ushort Sequence)> _nacked = [];

    /// <summary>Sequence numbers this peer was asked to resend (generic NACKs it received).</summary>
    public List<(uint Ssrc, ushort Sequence)> Nacked
    {
        get { lock (_gate) return [.. _nacked]; }
    }

    /// <summary>Transport-wide CC feedback packets received, and how many packet statuses they carried.</summary>
    public (int Packets, int Statuses) TransportCcFeedbackReceived => (Volatile.Read(ref _transportCcFeedback), Volatile.Read(ref _transportCcPacketsReported));

    public int SenderReports => Volatile.Read(ref _senderReports);

    public int ReceiverReports => Volatile.Read(ref _receiverReports);

    private int _receiverReports;

    public List<ReceivedFrame> Snapshot()
    {
        lock (_gate) return [.. _frames];
    }

    public int Count
    {
        get { lock (_gate) return _frames.Count; }
    }

    public int PictureLossIndications => Volatile.Read(ref _pictureLossIndications);

    /// <summary>
    /// Packets with this payload type are retransmissions (RFC 4588): kept whole in <see cref="RtxPackets"/>
    /// rather than read as VP8, since their payload starts with the original sequence number.
    /// </summary>
    public byte? RtxPayloadType { get; set; }

    private readonly List<byte[]> _rtxPackets = [];

    /// <summary>Every RTX packet received, as it arrived (decrypted), in order.</summary>
    public List<byte[]> RtxPackets
    {
        get { lock (_gate) return [.. _rtxPackets]; }
    }

    public void OnRtp(Span<byte> packet)
    {
        if (!RtpHeader.TryParse(packet, out var header)) return;
        if (header.PayloadType == RtxPayloadType)
        {
            lock (_gate) _rtxPackets.Add(packet.ToArray());
            return;
        }
        if (header.Payload.Length < 8) return;
        if (!Vp8PayloadDescriptor.TryParse(header.Payload, out var descriptor)) return;
        var (layer, frame) = SyntheticVp8Sender.ReadMarker(header.Payload);
        lock (_gate) _frames.Add(new ReceivedFrame(header.Ssrc, header.SequenceNumber, header.Timestamp, layer, frame, descriptor.PictureId, header.PayloadType));
    }

    public void OnRtcp(Span<byte> packet)
    {
        var reader = new RtcpCompoundReader(packet);
        while (reader.MoveNext())
        {
            var rtcp = reader.Current;
            if (rtcp.IsFeedback(RtcpPacketType.PayloadSpecificFeedback, PayloadSpecificFeedbackFormat.PictureLossIndication))
                Interlocked.Increment(ref _pictureLossIndications);
            else if (rtcp.IsFeedback(RtcpPacketType.RtpFeedback, RtpFeedbackFormat.GenericNack) && GenericNack.TryParse(rtcp, out var nack))
            {
                lock (_gate)
                    foreach (ushort sequence in nack.LostSequenceNumbers) _nacked.Add((nack.MediaSsrc, sequence));
            }
            else if (rtcp.PacketType == RtcpPacketType.SenderReport)
                Interlocked.Increment(ref _senderReports);
            else if (rtcp.PacketType == RtcpPacketType.ReceiverReport && ReceiverReport.TryParse(rtcp, out var report) && report.ReportCount > 0)
                Interlocked.Increment(ref _receiverReports);
            else if (rtcp.IsFeedback(RtcpPacketType.RtpFeedback, RtpFeedbackFormat.TransportCc) && TransportCcFeedback.TryParse(rtcp, out var feedback))
            {
                Interlocked.Increment(ref _transportCcFeedback);
                int statuses = 0;
                foreach (var _ in feedback) statuses++;
                Interlocked.Add(ref _transportCcPacketsReported, statuses);
            }
        }
    }

    public async Task<bool> WaitUntilAsync(Func<ReceivedVideo, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done(this))
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(10);
        }
        return true;
    }
}
