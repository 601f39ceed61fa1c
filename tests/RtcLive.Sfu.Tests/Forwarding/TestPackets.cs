using RtcLive.WebRtc.Codecs;
using RtcLive.WebRtc.Rtcp;
using RtcLive.WebRtc.Rtp;

namespace RtcLive.Sfu.Tests.Forwarding;

/// <summary>Real RTP and RTCP packets built with the WebRtc stack's writers, and readers for assertions.</summary>
internal static class TestPackets
{
    public const byte Vp8PayloadType = 96;
    public const byte OpusPayloadType = 111;
    public const byte MidExtensionId = 4;

    /// <summary>
    /// A VP8 packet as Chromium sends it: a mid header extension, then a descriptor with X, I (7- or 15-bit
    /// picture id), L (TL0PICIDX) and T (TID 0), then the VP8 payload header and filler that depends on
    /// the SSRC and sequence number, so every packet's bytes differ.
    /// </summary>
    public static byte[] Vp8(uint ssrc, ushort sequenceNumber, uint timestamp, ushort pictureId, byte tl0PicIdx,
        bool keyframe, bool startOfFrame = true, int pictureIdBits = 15, bool marker = false, int fillerLength = 40)
    {
        Span<byte> block = stackalloc byte[8];
        var extensions = new RtpHeaderExtensionWriter(block, RtpExtensionForm.OneByte);
        extensions.TryAdd(MidExtensionId, "0"u8);
        int blockLength = extensions.Finish();

        int descriptorLength = 1 + 1 + (pictureIdBits == 15 ? 2 : 1) + 1 + 1;
        byte[] packet = new byte[RtpHeaderWriter.GetLength(0, blockLength) + descriptorLength + 1 + fillerLength];
        int offset = RtpHeaderWriter.Write(packet, new RtpHeaderFields(Vp8PayloadType, sequenceNumber, timestamp, ssrc, marker),
            extensionBlock: block.Slice(0, blockLength));

        packet[offset++] = (byte)(0x80 | (startOfFrame ? 0x10 : 0)); // X, S, partition 0
        packet[offset++] = 0x80 | 0x40 | 0x20;                          // I, L, T
        if (pictureIdBits == 15)
        {
            packet[offset++] = (byte)(0x80 | ((pictureId >> 8) & 0x7F));
            packet[offset++] = (byte)pictureId;
        }
        else
        {
            packet[offset++] = (byte)(pictureId & 0x7F);
        }
        packet[offset++] = tl0PicIdx;
        packet[offset++] = 0x00;                                        // TID 0
        packet[offset++] = (byte)(keyframe && startOfFrame ? 0x00 : 0x01); // VP8 header: P bit clear on keyframes
        for (int i = 0; offset < packet.Length; i++)
            packet[offset++] = (byte)(ssrc + sequenceNumber * 7 + i);
        return packet;
    }

    /// <summary>An Opus-like packet without extensions.</summary>
    public static byte[] Audio(uint ssrc, ushort sequenceNumber, uint timestamp, int payloadLength = 60)
    {
        byte[] packet = new byte[RtpPacket.FixedHeaderLength + payloadLength];
        int offset = RtpHeaderWriter.Write(packet, new RtpHeaderFields(OpusPayloadType, sequenceNumber, timestamp, ssrc));
        for (int i = 0; offset < packet.Length; i++)
            packet[offset++] = (byte)(ssrc ^ (uint)(sequenceNumber + i));
        return packet;
    }

    public static (uint Ssrc, ushort SequenceNumber, uint Timestamp) Header(ReadOnlySpan<byte> packet)
    {
        Assert.True(RtpHeader.TryParse(packet, out var header));
        return (header.Ssrc, header.SequenceNumber, header.Timestamp);
    }

    public static Vp8PayloadDescriptor Descriptor(ReadOnlySpan<byte> packet)
    {
        Assert.True(RtpHeader.TryParse(packet, out var header));
        Assert.True(Vp8PayloadDescriptor.TryParse(header.Payload, out var descriptor));
        return descriptor;
    }

    /// <summary>The RTP payload after the VP8 descriptor: what rewriting must never touch.</summary>
    public static byte[] Vp8Body(ReadOnlySpan<byte> packet)
    {
        Assert.True(RtpHeader.TryParse(packet, out var header));
        Assert.True(Vp8PayloadDescriptor.TryParse(header.Payload, out var descriptor));
        return header.Payload.Slice(descriptor.Length).ToArray();
    }

    /// <summary>A generic NACK from a subscriber for <paramref name="lost"/> output numbers.</summary>
    public static byte[] Nack(uint mediaSsrc, params ushort[] lost)
    {
        byte[] rtcp = new byte[GenericNack.GetLength(lost)];
        GenericNack.Write(rtcp, 0x5EB5C81B, mediaSsrc, lost);
        return rtcp;
    }
}
