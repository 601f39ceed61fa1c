using System.Collections.Concurrent;
using RtcLive.WebRtc.Rtp;
using RtcLive.WebRtc.Transport;

namespace RtcLive.Signaling.Tests.Hubs;

/// <summary>What a subscribing client peer received: packets per payload type, and the layer byte of the latest one.</summary>
internal sealed class ReceivedMedia : IMediaReceiver
{
    private readonly ConcurrentDictionary<byte, int> _packets = new();
    private readonly ConcurrentDictionary<byte, int> _lastMarker = new();

    public int Packets(byte payloadType) => _packets.GetValueOrDefault(payloadType);

    /// <summary>The byte at <see cref="SyntheticPresenterMedia.LayerMarkerOffset"/> of the latest packet (for video: its layer).</summary>
    public int LastMarker(byte payloadType) => _lastMarker.GetValueOrDefault(payloadType, -1);

    public void OnRtp(Span<byte> packet)
    {
        if (!RtpHeader.TryParse(packet, out var header)) return;
        _packets.AddOrUpdate(header.PayloadType, 1, (_, n) => n + 1);
        if (header.Payload.Length > SyntheticPresenterMedia.LayerMarkerOffset)
            _lastMarker[header.PayloadType] = header.Payload[SyntheticPresenterMedia.LayerMarkerOffset];
    }

    public void OnRtcp(Span<byte> packet)
    {
    }
}
