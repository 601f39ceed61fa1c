using System.Buffers.Binary;
using RtcLive.WebRtc.Srtp;

namespace RtcLive.WebRtc.Tests.Srtp;

/// <summary>Builders for the RTP/RTCP packets and keys the SRTP tests feed through the contexts.</summary>
internal static class SrtpTestPackets
{
    public static byte[] Hex(string hex) => Convert.FromHexString(string.Concat(hex.Where(c => !char.IsWhiteSpace(c))));

    public static byte[] MasterKey(byte fill) => Enumerable.Range(0, 16).Select(i => (byte)(fill + i)).ToArray();

    public static byte[] MasterSalt(SrtpProfile profile, byte fill) =>
        Enumerable.Range(0, SrtpProfileInfo.SaltLength(profile)).Select(i => (byte)(fill ^ (i * 7))).ToArray();

    /// <summary>A sender/receiver pair sharing one master key, as both ends of one direction would.</summary>
    public static (SrtpContext Sender, SrtpContext Receiver) Pair(SrtpProfile profile, int maxStreams = SrtpContext.DefaultMaxStreams)
    {
        byte[] key = MasterKey(0x10);
        byte[] salt = MasterSalt(profile, 0x5A);
        return (SrtpContext.Create(profile, key, salt, maxStreams), SrtpContext.Create(profile, key, salt, maxStreams));
    }

    /// <summary>An RTP packet with optional CSRCs and a one-byte-header extension, payload bytes derived from the sequence number.</summary>
    public static byte[] PlainRtp(ushort seq, uint ssrc, int payloadLength, int csrcCount = 0, int extensionWords = 0)
    {
        int header = 12 + 4 * csrcCount + (extensionWords > 0 ? 4 + 4 * extensionWords : 0);
        var packet = new byte[header + payloadLength];
        packet[0] = (byte)(0x80 | csrcCount | (extensionWords > 0 ? 0x10 : 0));
        packet[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), seq);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), (uint)seq * 3000);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        int at = 12;
        for (int i = 0; i < csrcCount; i++, at += 4)
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(at), 0xC0000000u + (uint)i);
        if (extensionWords > 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(at), 0xBEDE);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(at + 2), (ushort)extensionWords);
            for (int i = 0; i < 4 * extensionWords; i++)
                packet[at + 4 + i] = (byte)(0x10 + i);
        }
        for (int i = 0; i < payloadLength; i++)
            packet[header + i] = (byte)(seq * 31 + i);
        return packet;
    }

    /// <summary>An RTCP receiver report from <paramref name="ssrc"/> with <paramref name="blocks"/> report blocks (0 = Chrome's 8-byte RR).</summary>
    public static byte[] ReceiverReport(uint ssrc, int blocks)
    {
        var packet = new byte[8 + 24 * blocks];
        packet[0] = (byte)(0x80 | blocks);
        packet[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)(packet.Length / 4 - 1));
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), ssrc);
        for (int i = 8; i < packet.Length; i++)
            packet[i] = (byte)(i * 13);
        return packet;
    }

    /// <summary>Copies <paramref name="plain"/> into a buffer with room for the context's overhead and protects it.</summary>
    public static byte[] ProtectRtp(SrtpContext sender, byte[] plain)
    {
        var buffer = new byte[plain.Length + sender.RtpOverhead];
        plain.CopyTo(buffer, 0);
        Assert.True(sender.TryProtectRtp(buffer, plain.Length, out int length));
        Assert.Equal(buffer.Length, length);
        return buffer;
    }

    public static byte[] ProtectRtcp(SrtpContext sender, byte[] plain)
    {
        var buffer = new byte[plain.Length + sender.RtcpOverhead];
        plain.CopyTo(buffer, 0);
        Assert.True(sender.TryProtectRtcp(buffer, plain.Length, out int length));
        Assert.Equal(buffer.Length, length);
        return buffer;
    }

    /// <summary>Unprotects a copy of <paramref name="srtp"/>; null when the context rejects it.</summary>
    public static byte[]? UnprotectRtp(SrtpContext receiver, byte[] srtp)
    {
        byte[] copy = (byte[])srtp.Clone();
        return receiver.TryUnprotectRtp(copy, out int length) ? copy[..length] : null;
    }

    public static byte[]? UnprotectRtcp(SrtpContext receiver, byte[] srtcp)
    {
        byte[] copy = (byte[])srtcp.Clone();
        return receiver.TryUnprotectRtcp(copy, out int length) ? copy[..length] : null;
    }
}
