using RtcLive.WebRtc.Rtp;

namespace RtcLive.Fuzz.Targets;

/// <summary>
/// What the SFU does with a decrypted RTP packet: the header, CSRCs and extensions Chrome's ids map to, RTX in both
/// directions (a wrap then unwrap gives the packet back, padding aside), and the in-place extension rewrites.
/// </summary>
public static class RtpTarget
{
    private static readonly RtpExtensionMap Map = new()
    {
        AudioLevel = 1, AbsSendTime = 2, TransportSequenceNumber = 3, Mid = 4, RtpStreamId = 10, RepairedRtpStreamId = 11,
    };

    [ThreadStatic] private static byte[]? _wrapped, _unwrapped, _copy;

    public static void Run(ReadOnlySpan<byte> input)
    {
        if (!RtpHeader.TryParse(input, out var header)) return;
        _ = header.Payload.Length + header.CsrcBytes.Length + header.ExtensionProfile + header.Timestamp + header.Ssrc;
        for (int i = 0; i < header.CsrcCount; i++) _ = header.GetCsrc(i);
        var reader = header.Extensions;
        while (reader.MoveNext()) _ = reader.Current.Value.Length;
        Map.TryGetMid(header, out _);
        Map.TryGetRtpStreamId(header, out _);
        Map.TryGetRepairedRtpStreamId(header, out _);
        Map.TryGetAbsSendTime(header, out _);
        Map.TryGetTransportSequenceNumber(header, out _);
        Map.TryGetAudioLevel(header, out _, out _);

        byte[] wrapped = _wrapped ??= new byte[70 * 1024];
        byte[] unwrapped = _unwrapped ??= new byte[70 * 1024];
        if (!RtxPacket.TryWrap(input, 97, 0x5678, 7, wrapped, out int wrappedLength))
            throw new PropertyViolationException("a packet that parses must wrap into RTX given room");
        if (!RtxPacket.TryGetOriginalSequenceNumber(wrapped.AsSpan(0, wrappedLength), out ushort osn) || osn != header.SequenceNumber)
            throw new PropertyViolationException("the RTX packet must carry the original sequence number");
        if (!RtxPacket.TryUnwrap(wrapped.AsSpan(0, wrappedLength), header.PayloadType, header.Ssrc, unwrapped, out int unwrappedLength))
            throw new PropertyViolationException("a wrapped packet must unwrap");
        var original = input.Slice(0, input.Length - header.PaddingLength);
        var restored = unwrapped.AsSpan(0, unwrappedLength);
        // Padding is dropped by design; with P set the first byte differs only in that bit.
        if (restored.Length != original.Length || !restored.Slice(1).SequenceEqual(original.Slice(1))
            || (restored[0] | 0x20) != (original[0] | 0x20))
            throw new PropertyViolationException("RTX wrap then unwrap must give back the packet");

        byte[] copy = _copy ??= new byte[70 * 1024];
        input.CopyTo(copy);
        var packet = copy.AsSpan(0, input.Length);
        if (RtpHeaderExtensionRewriter.TrySetTransportSequenceNumber(packet, 3, 0xBEEF))
        {
            if (!RtpHeader.TryParse(packet, out var rewritten) || !Map.TryGetTransportSequenceNumber(rewritten, out ushort seq) || seq != 0xBEEF)
                throw new PropertyViolationException("a rewritten transport sequence number must read back");
        }
        RtpHeaderExtensionRewriter.TrySetAbsSendTime(packet, 2, 0x123456);
        RtpHeaderExtensionRewriter.TryGetValue(packet, 4, out _);
    }
}
