using System.Text;
using RtcLive.WebRtc.Client;
using RtcLive.WebRtc.Rtp;

namespace RtcLive.WebRtc.Tests.Client;

/// <summary>
/// RTP packets a test sends through a client peer: the negotiated payload type, the mid header extension with
/// the negotiated id, and a payload that is a function of mid and sequence number so the receiver can tell
/// it arrived intact.
/// </summary>
internal static class SyntheticRtp
{
    public const int PayloadLength = 300;

    public static int Write(Span<byte> buffer, NegotiatedMedia media, uint ssrc, ushort sequenceNumber)
    {
        Span<byte> block = stackalloc byte[32];
        var extensions = new RtpHeaderExtensionWriter(block, RtpExtensionForm.OneByte);
        Assert.True(extensions.TryAdd(media.MidExtensionId, Encoding.ASCII.GetBytes(media.Mid)));
        int blockLength = extensions.Finish();

        var fields = new RtpHeaderFields(media.PayloadType, sequenceNumber, sequenceNumber * 960u, ssrc, Marker: sequenceNumber % 10 == 0);
        int header = RtpHeaderWriter.Write(buffer, fields, default, block[..blockLength]);
        FillPayload(buffer.Slice(header, PayloadLength), media.Mid, sequenceNumber);
        return header + PayloadLength;
    }

    public static bool IsIntact(ReadOnlySpan<byte> payload, string mid, ushort sequenceNumber)
    {
        if (payload.Length != PayloadLength) return false;
        Span<byte> expected = stackalloc byte[PayloadLength];
        FillPayload(expected, mid, sequenceNumber);
        return payload.SequenceEqual(expected);
    }

    private static void FillPayload(Span<byte> payload, string mid, ushort sequenceNumber)
    {
        for (int i = 0; i < payload.Length; i++)
            payload[i] = (byte)(sequenceNumber * 31 + i * 7 + mid[0]);
    }
}
