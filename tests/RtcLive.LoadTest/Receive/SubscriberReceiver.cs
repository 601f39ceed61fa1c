using RtcLive.LoadTest.Media;
using RtcLive.LoadTest.Stats;
using RtcLive.WebRtc.Client;
using RtcLive.WebRtc.Rtcp;
using RtcLive.WebRtc.Rtp;
using RtcLive.WebRtc.Transport;

namespace RtcLive.LoadTest.Receive;

/// <summary>
/// A subscriber's ear: takes every decrypted packet on the peer's receive thread, sorts it by its trailer into
/// the video or audio tracker, unwraps RTX (RFC 4588) and NACKs the gaps it sees on video, as a browser would.
/// </summary>
internal sealed class SubscriberReceiver : IMediaReceiver
{
    private const int MaxNackPerPacket = 64;

    private readonly uint _ownSsrc = (uint)Random.Shared.Next(1, int.MaxValue);
    private ClientPeer? _peer;
    private volatile int _videoRtxPayloadType = -1;
    private long _foreign;

    public StreamTracker Video { get; } = new(video: true);

    public StreamTracker Audio { get; } = new(video: false);

    /// <summary>Packets without our trailer (padding probes, other senders' media).</summary>
    public long ForeignPackets => Interlocked.Read(ref _foreign);

    /// <summary>The peer to send NACKs through, and the negotiated video m-line (for its rtx payload type).</summary>
    public void Bind(ClientPeer peer, NegotiatedMedia? video)
    {
        _peer = peer;
        _videoRtxPayloadType = video?.RtxPayloadType ?? -1;
    }

    public void OnRtp(Span<byte> packet)
    {
        long now = LoadClock.NowMicros;
        if (!RtpHeader.TryParse(packet, out var header)) return;
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

    private void SendNack(uint mediaSsrc, ReadOnlySpan<ushort> lost)
    {
        if (mediaSsrc == 0 || _peer is not { } peer) return;
        Span<byte> rtcp = stackalloc byte[ReceiverReport.GetLength(0) + GenericNack.GetLength(lost)];
        int length = ReceiverReport.Write(rtcp, _ownSsrc);
        length += GenericNack.Write(rtcp[length..], _ownSsrc, mediaSsrc, lost);
        peer.SendRtcp(rtcp[..length]);
    }

    public void OnRtcp(Span<byte> packet)
    {
    }
}
