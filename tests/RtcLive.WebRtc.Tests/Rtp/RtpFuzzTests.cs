using RtcLive.WebRtc.Rtp;
using RtcLive.WebRtc.Tests.Fuzzing;
using Xunit.Abstractions;

namespace RtcLive.WebRtc.Tests.Rtp;

public class RtpFuzzTests(ITestOutputHelper output)
{
    private static byte[][] Seeds()
    {
        byte[] twoByte = new byte[40];
        var writer = new RtpHeaderExtensionWriter(twoByte.AsSpan(20), RtpExtensionForm.TwoByte);
        writer.TryAdd(1, ReadOnlySpan<byte>.Empty);
        writer.TryAdd(200, "abc"u8);
        int block = writer.Finish();
        int length = RtpHeaderWriter.Write(twoByte, new RtpHeaderFields(96, 1, 2, 3), [5u, 6u], twoByte.AsSpan(20, block).ToArray());
        return
        [
            ChromeVp8Packet.Create(),
            twoByte.AsSpan(0, length + 4).ToArray(),
            Convert.FromHexString("A061000A0000000100000002" + "0005AB" + "0002"),
            Convert.FromHexString("8080BEEFDEADBEEF1234567801020304"),
        ];
    }

    [Fact]
    public void Header_and_extension_reader_survive_mutated_input()
    {
        byte[] scratch = new byte[2048];
        FuzzRunner.Run(output, "RTP header + extensions", new Mutator(3550, Seeds()), bytes =>
        {
            if (!RtpHeader.TryParse(bytes, out var header))
                return;
            _ = header.Payload.Length + header.CsrcBytes.Length + header.ExtensionProfile;
            for (int i = 0; i < header.CsrcCount; i++)
                _ = header.GetCsrc(i);
            var reader = header.Extensions;
            while (reader.MoveNext())
                _ = reader.Current.Value.Length;
            var map = new RtpExtensionMap { Mid = 4, RtpStreamId = 10, AbsSendTime = 2, TransportSequenceNumber = 3, AudioLevel = 1 };
            map.TryGetMid(header, out _);
            map.TryGetRtpStreamId(header, out _);
            map.TryGetAbsSendTime(header, out _);
            map.TryGetTransportSequenceNumber(header, out _);
            map.TryGetAudioLevel(header, out _, out _);
            RtxPacket.TryUnwrap(bytes, 96, 1, scratch, out _);
            RtxPacket.TryWrap(bytes, 97, 2, 3, scratch, out _);
            RtpHeaderExtensionRewriter.TrySetTransportSequenceNumber(bytes, 3, 1);
            RtpHeaderExtensionRewriter.TrySetAbsSendTime(bytes, 2, 1);
        });
    }
}
