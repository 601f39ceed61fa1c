using RtcLive.LoadTest.Media;
using RtcLive.LoadTest.Stats;
using RtcLive.Sfu.Feedback;
using RtcLive.WebRtc.Client;
using RtcLive.WebRtc.Rtcp;
using RtcLive.WebRtc.Rtp;
using RtcLive.WebRtc.Transport;

namespace RtcLive.LoadTest.Receive;

/// <summary>
/// A subscriber's ear: takes every decrypted packet on the peer's receive thread, sorts it by its trailer into
/// the video or audio tracker, unwraps RTX (RFC 4588) and NACKs the gaps it sees on video, as a browser would. Where
/// transport-cc was negotiated it also sends transport-wide feedback every 100 ms, as Chromium does: a subscriber that
/// negotiates it and stays silent looks to the SFU like a dead path (and keeps its sent-packet records growing).
/// </summary>
internal sealed class SubscriberReceiver : IMediaReceiver
{
    private const int MaxNackPerPacket = 64;

    // libwebrtc's receiver sends feedback every 50–250 ms, by bitrate; 100 ms is its default.
    private const long FeedbackIntervalMicros = 100_000;

    private readonly uint _ownSsrc = (uint)Random.Shared.Next(1, int.MaxValue);
    private readonly TransportCcFeedbackBuilder _transportCc = new();
    private readonly byte[] _feedback = new byte[1200];
    private Func<ReadOnlySpan<byte>, bool>? _sendRtcp;
    private volatile int _videoRtxPayloadType = -1;
    private volatile byte _transportCcId;
    private long _feedbackSentMicros;
    private uint _lastMediaSsrc;
    private long _foreign;
    private long _feedbackPackets;

    public StreamTracker Video { get; } = new(video: true);

    public StreamTracker Audio { get; } = new(video: false);

    /// <summary>Packets without our trailer (padding probes, other senders' media).</summary>
    public long ForeignPackets => Interlocked.Read(ref _foreign);

    /// <summary>Transport-cc feedback packets sent.</summary>
    public long FeedbackPackets => Interlocked.Read(ref _feedbackPackets);

    /// <summary>The peer to send NACKs through, and the negotiated video m-line (for its rtx payload type).</summary>
    public void Bind(ClientPeer peer, NegotiatedMedia? video) =>
        Bind(peer.SendRtcp, video?.RtxPayloadType ?? -1, video?.TransportCcExtensionId ?? 0);

    /// <summary>Where RTCP goes, the video's RTX payload type (-1: none), the transport-cc extension id (0: none).</summary>
    internal void Bind(Func<ReadOnlySpan<byte>, bool> sendRtcp, int videoRtxPayloadType, byte transportCcExtensionId)
    {
        _sendRtcp = sendRtcp;
        _videoRtxPayloadType = videoRtxPayloadType;
        _transportCcId = transportCcExtensionId;
    }

    public void OnRtp(Span<byte> packet)
    {
        long now = LoadClock.NowMicros;
        if (!RtpHeader.TryParse(packet, out var header)) return;
        OnTransportSequence(header, now);
        var payload = header.Payload;
        ushort sequence = header.SequenceNumber;
        bool rtx = header.PayloadType == _videoRtxPayloadType;
        if (rtx)
        {
            if (payload.Length < RtxPacket.OriginalSequenceNumberLength) return;
            sequence = (ushort)(payload[0] << 8 | payload[1]);
            payload = payload[RtxPacket.OriginalSequenceNumberLength..];
        }
        if (!ProbeTrailer.TryRead(payload, out var trailer))
        {
            Interlocked.Increment(ref _foreign);
            return;
        }

        Span<ushort> missing = stackalloc ushort[MaxNackPerPacket];
        if (trailer.IsAudio)
        {
            Audio.OnPacket(sequence, trailer, packet.Length, rtx, now, missing);
            return;
        }
        int lost = Video.OnPacket(sequence, trailer, packet.Length, rtx, now, missing);
        if (lost > 0) SendNack(rtx ? 0 : header.Ssrc, missing[..Math.Min(lost, MaxNackPerPacket)]);
    }

    /// <summary>Runs on the receive thread, which owns the feedback builder; feedback leaves as packets arrive.</summary>
    private void OnTransportSequence(in RtpHeader header, long nowMicros)
    {
        byte id = _transportCcId;
        if (id == 0 || _sendRtcp is not { } send) return;
        if (header.TryGetExtension(id, out var value) && TransportSequenceNumberExtension.TryRead(value, out ushort sequence))
        {
            _transportCc.OnPacket(sequence, nowMicros);
            _lastMediaSsrc = header.Ssrc;
        }
        if (nowMicros - _feedbackSentMicros < FeedbackIntervalMicros) return;
        _feedbackSentMicros = nowMicros;
        int length;
        while ((length = _transportCc.TryBuild(nowMicros, _feedback, _ownSsrc, _lastMediaSsrc)) > 0)
        {
            send(_feedback.AsSpan(0, length));
            Interlocked.Increment(ref _feedbackPackets);
        }
    }

    private void SendNack(uint mediaSsrc, ReadOnlySpan<ushort> lost)
    {
        if (mediaSsrc == 0 || _sendRtcp is not { } send) return;
        Span<byte> rtcp = stackalloc byte[ReceiverReport.GetLength(0) + GenericNack.GetLength(lost)];
        int length = ReceiverReport.Write(rtcp, _ownSsrc);
        length += GenericNack.Write(rtcp[length..], _ownSsrc, mediaSsrc, lost);
        send(rtcp[..length]);
    }

    public void OnRtcp(Span<byte> packet)
    {
    }
}
