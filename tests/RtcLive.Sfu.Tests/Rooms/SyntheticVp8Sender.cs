using System.Text;
using RtcLive.WebRtc.Client;
using RtcLive.WebRtc.Rtp;

namespace RtcLive.Sfu.Tests.Rooms;

/// <summary>
/// Sends VP8-shaped RTP for a client peer's video m-line: one stream per simulcast rid (or one without), each
/// packet with the mid and rid header extensions, a VP8 payload descriptor with a 15-bit picture id, and a
/// keyframe flag the SFU can see. Frames are single packets; payload bytes encode (layer, frame) so a
/// receiver can tell which layer it got.
/// </summary>
internal sealed class SyntheticVp8Sender(ClientPeer peer, NegotiatedMedia media)
{
    public const int PayloadLength = 400;

    private readonly uint[] _ssrcs = CreateSsrcs(Math.Max(1, media.LocalRids.Count));
    private readonly ushort[] _sequence = new ushort[3];
    private readonly ushort[] _pictureId = [100, 2000, 30000];
    private readonly byte[] _buffer = new byte[1500];
    private ushort _transportSequence;

    public IReadOnlyList<uint> Ssrcs => _ssrcs;

    public int LayerCount => _ssrcs.Length;

    /// <summary>Sends one frame on <paramref name="layer"/>; the timestamp advances 3000 ticks (30 fps) per frame.</summary>
    public bool SendFrame(int layer, int frame, bool keyframe)
    {
        Span<byte> block = stackalloc byte[40];
        var extensions = new RtpHeaderExtensionWriter(block, RtpExtensionForm.OneByte);
        extensions.TryAdd(media.MidExtensionId, Encoding.ASCII.GetBytes(media.Mid));
        if (media.LocalRids.Count > 0)
            extensions.TryAdd(media.RidExtensionId, Encoding.ASCII.GetBytes(media.LocalRids[layer]));
        if (media.TransportCcExtensionId != 0)
            extensions.TryAddTransportSequenceNumber(media.TransportCcExtensionId, _transportSequence++);
        int blockLength = extensions.Finish();

        var fields = new RtpHeaderFields(media.PayloadType, _sequence[layer]++, (uint)(frame * 3000), _ssrcs[layer], Marker: true);
        int header = RtpHeaderWriter.Write(_buffer, fields, default, block[..blockLength]);
        var payload = _buffer.AsSpan(header, PayloadLength);
        ushort pictureId = (ushort)(_pictureId[layer]++ & 0x7FFF);
        payload[0] = 0x90;                                   // X=1, S=1, partition 0
        payload[1] = 0x80;                                   // I: picture id present
        payload[2] = (byte)(0x80 | (pictureId >> 8));        // M=1: 15-bit picture id
        payload[3] = (byte)pictureId;
        payload[4] = (byte)(keyframe ? 0x00 : 0x01);         // VP8 payload header: P bit 0 on keyframes
        payload[5] = (byte)layer;
        payload[6] = (byte)(frame >> 8);
        payload[7] = (byte)frame;
        return peer.SendRtp(_buffer.AsSpan(0, header + PayloadLength));
    }

    /// <summary>
    /// Builds the packets of one frame of <paramref name="layer"/> split over <paramref name="packets"/> packets
    /// (the first carries the start of the frame and the keyframe flag, the last the marker), for the caller to
    /// send with <see cref="Send"/> in whatever order a reordering path would deliver them.
    /// </summary>
    public byte[][] BuildFrame(int layer, int frame, bool keyframe, int packets)
    {
        ushort pictureId = (ushort)(_pictureId[layer]++ & 0x7FFF);
        var built = new byte[packets][];
        Span<byte> block = stackalloc byte[40];
        for (int i = 0; i < packets; i++)
        {
            var extensions = new RtpHeaderExtensionWriter(block, RtpExtensionForm.OneByte);
            extensions.TryAdd(media.MidExtensionId, Encoding.ASCII.GetBytes(media.Mid));
            if (media.LocalRids.Count > 0)
                extensions.TryAdd(media.RidExtensionId, Encoding.ASCII.GetBytes(media.LocalRids[layer]));
            if (media.TransportCcExtensionId != 0)
                extensions.TryAddTransportSequenceNumber(media.TransportCcExtensionId, _transportSequence++);
            int blockLength = extensions.Finish();
            var fields = new RtpHeaderFields(media.PayloadType, _sequence[layer]++, (uint)(frame * 3000), _ssrcs[layer], Marker: i == packets - 1);
            byte[] packet = new byte[RtpHeaderWriter.GetLength(0, blockLength) + PayloadLength];
            int header = RtpHeaderWriter.Write(packet, fields, default, block[..blockLength]);
            var payload = packet.AsSpan(header, PayloadLength);
            payload[0] = (byte)(i == 0 ? 0x90 : 0x80);          // X=1, S on the first packet, partition 0
            payload[1] = 0x80;
            payload[2] = (byte)(0x80 | (pictureId >> 8));
            payload[3] = (byte)pictureId;
            payload[4] = (byte)(keyframe && i == 0 ? 0x00 : 0x01);
            payload[5] = (byte)layer;
            payload[6] = (byte)(frame >> 8);
            payload[7] = (byte)frame;
            built[i] = packet;
        }
        return built;
    }

    /// <summary>Sends one packet made by <see cref="BuildFrame"/>.</summary>
    public bool Send(byte[] packet) => peer.SendRtp(packet);

    /// <summary>Loses the next packet of <paramref name="layer"/> on the way to the SFU: its number is used, nothing is sent.</summary>
    public ushort LoseNextPacket(int layer) => _sequence[layer]++;

    public static (int Layer, int Frame) ReadMarker(ReadOnlySpan<byte> payload) => (payload[5], (payload[6] << 8) | payload[7]);

    private static uint[] CreateSsrcs(int count)
    {
        var ssrcs = new uint[count];
        for (int i = 0; i < count; i++) ssrcs[i] = (uint)Random.Shared.Next(1, int.MaxValue);
        return ssrcs;
    }
}
