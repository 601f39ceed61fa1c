using System.Text;
using RtcLive.Fuzz.Targets;
using RtcLive.WebRtc.Dtls;
using RtcLive.WebRtc.Rtcp;
using RtcLive.WebRtc.Rtp;
using RtcLive.WebRtc.Srtp;
using RtcLive.WebRtc.Stun;

namespace RtcLive.Fuzz;

/// <summary>
/// Writes the binary seeds of the committed corpus (<c>corpus/TARGET/</c>): real messages built by our writers or
/// taken from RFC vectors and Chrome captures, and a DTLS handshake run between our own client and server. The SDP
/// offers are committed as text files; this only (re)writes the rest. Run: <c>RtcLive.Fuzz seeds corpus</c>.
/// </summary>
public static class SeedCorpus
{
    public static async Task<int> WriteAsync(string root)
    {
        Write(root, "stun", "rfc5769-request.bin", Hex(
            "000100582112a442b7e7a701bc34d686fa87dfae802200105354554e207465737420636c69656e74002400046e0001ff" +
            "80290008932ff9b151263b36000600096576746a3a68367659202020000800149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2" +
            "80280004e57a3bcf"));
        Write(root, "stun", "rfc5769-ipv6-response.bin", Hex(
            "010100482112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563746f7220002000140002a1470113a9faa5d3f179bc25f4b5bed2b9d9" +
            "00080014a382954e4be67bf11784c97c8292c275bfe3ed4180280004c8fb0b4c"));
        Write(root, "stun", "rfc5769-long-term.bin", Hex(
            "000100602112a44278ad3433c6ad72c029da412e00060012e3839ee38388e383aae38383e382afe382b90000" +
            "0015001c662f2f3439396b39353464364f4c33346f4c394653547679363473410014000b6578616d706c652e6f726700" +
            "00080014f67024656dd64a3e02b8e0712e85c9a28ca89666"));
        Write(root, "stun", "ice-binding-error.bin", StunErrorResponse());

        byte[] chromeVp8 = Hex(
            "906012342B5A1C406E2D9F01BEDE00034030A068221A2B3C31002A00" +
            "90E09B3F5720100200" + "9D012A8002E001DEADBEEF");
        Write(root, "rtp", "chrome-vp8-keyframe-with-extensions.bin", chromeVp8);
        Write(root, "rtp", "two-byte-extensions-csrcs.bin", TwoByteExtensionPacket());
        Write(root, "rtp", "padding.bin", Hex("A061000A0000000100000002" + "0005AB" + "0002"));
        Write(root, "rtp-ext", "chrome-one-byte.bin", Hex("BEDE" + "4030A068221A2B3C31002A00"));
        Write(root, "rtp-ext", "two-byte.bin", Hex("1000" + "0100" + "C803616263" + "0000"));

        Write(root, "rtcp", "sr-sdes.bin", Hex(
            "80C800066E2D9F0183AA7E80800000002B5A1C400000019000057E40" +
            "81CA00066E2D9F010110" + Convert.ToHexString("rtclive-cname-01"u8) + "0000"));
        Write(root, "rtcp", "sr-with-block.bin", Hex("81C8000C6E2D9F0183AA7E800000000000000001000000020000000311223344" +
            "40FFFFFE0001000500000020B705200000054000"));
        Write(root, "rtcp", "rr-bye.bin", Hex("81C900076E2D9F011122334440FFFFFE0001000500000020B705200000054000" +
            "82CB00040000000100000002 05" .Replace(" ", "") + Convert.ToHexString("leave"u8) + "0000"));
        Write(root, "rtcp", "sdes-two-chunks.bin", Hex("82CA000700000001010161 0203626F6200 000000 00000002010378797A000000".Replace(" ", "")));

        Write(root, "rtcp-fb", "nack-pli-remb.bin", Hex(
            "81CD0003000000016E2D9F0100648001" + "81CE0002000000016E2D9F01" +
            "8FCE00050000000100000000524542D4" .Replace("524542D4", "52454D42") + "010F3E146E2D9F01"));
        Write(root, "rtcp-fb", "fir.bin", Hex("84CE0004000000010000000 06E2D9F0107000000".Replace(" ", "")));
        Write(root, "rtcp-fb", "twcc.bin", TransportCc());
        Write(root, "rtcp-fb", "twcc-run-length.bin", Hex("8FCD00060000000 16E2D9F01006400050000010 7D190040AFFFEFF00".Replace(" ", "")));

        Write(root, "vp8", "descriptor-15bit-picture-id.bin", Hex("90E09B3F5720100200"));
        Write(root, "vp8", "descriptor-7bit.bin", Hex("90F0FABCC3AB310100"));
        // Two packets of one keyframe (first carries the VP8 start code), then a one-packet delta frame.
        Write(root, "vp8", "packet-run.bin", Hex(
            "10" + "00" + "90E09B3F5720" + "100200" + "9D012A" + "8002E001" +
            "06" + "01" + "80E09B3F5720" +
            "06" + "09" + "90E09B405720"));

        Write(root, "h264", "stap-a-sps-pps-idr.bin", Hex("7800046742C01F000368CE3C00026588"));
        Write(root, "h264", "fu-a-idr-start.bin", Hex("7C85B8AABB"));
        Write(root, "h264", "single-idr.bin", Hex("65888010"));
        Write(root, "h264", "non-idr.bin", Hex("41E0"));
        // Packet runs for the HLS depacketizer: [length, flags (bit 0 marker, bit 3 next timestamp), payload]...
        Write(root, "h264-hls", "stap-a-then-fu-a-idr.bin", Hex(
            "2000" + "7800176742C01FDA014016EC0440000003004000000F03C60CA8000468CE0FC8" +
            "0600" + "7C8588840033" + "0500" + "7C05102030" + "0401" + "7C454050" +
            "0509" + "419A020406"));
        Write(root, "h264-hls", "single-nal-units.bin", Hex(
            "1700" + "6742C01FDA014016EC0440000003004000000F03C60CA8" + "0400" + "68CE0FC8" + "0401" + "65888400" +
            "0309" + "419A02" + "0209" + "6588" + "0301" + "419A02"));
        Write(root, "h264-hls", "high-profile-sps-gap.bin", Hex(
            "1B00" + "67640028ACD940780227E5C044000003000400000300F03C60C658" + "0400" + "68CE0FC8" +
            "0402" + "7C858884" + "0301" + "7C4540"));

        const char rs = '\u001e';
        Write(root, "signalr", "handshake-join-token.json", Encoding.UTF8.GetBytes(
            "{\"protocol\":\"json\",\"version\":1}" + rs +
            "{\"type\":1,\"invocationId\":\"0\",\"target\":\"Join\",\"arguments\":[{\"room\":\"physics\",\"token\":\"" +
            SignalRTarget.SeedToken("physics") + "\"}]}" + rs));
        Write(root, "signalr", "join-dev.json", Encoding.UTF8.GetBytes(
            "{\"type\":1,\"invocationId\":\"1\",\"target\":\"Join\",\"arguments\":[{\"room\":\"physics\",\"name\":\"bob\",\"role\":\"viewer\",\"region\":\"eu\",\"avoidNode\":\"sfu-1\"}]}" + rs));
        Write(root, "signalr", "publish-chat-ping.json", Encoding.UTF8.GetBytes(
            "{\"type\":1,\"invocationId\":\"2\",\"target\":\"Publish\",\"arguments\":[{\"sdp\":\"v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\n\",\"tracks\":[{\"mid\":\"0\",\"source\":\"camera\"}]}]}" + rs +
            "{\"type\":1,\"target\":\"Chat\",\"arguments\":[\"hello \\u00e9 class\"]}" + rs +
            "{\"type\":1,\"target\":\"SetPaused\",\"arguments\":[\"t1\",true]}" + rs +
            "{\"type\":6}" + rs + "{\"type\":7,\"error\":\"bye\",\"allowReconnect\":true}" + rs));

        var (clientFlights, serverFlights) = await DtlsHandshakeAsync();
        Write(root, "dtls", "client-hello.bin", clientFlights[0]);
        for (int i = 1; i < clientFlights.Count; i++) Write(root, "dtls", $"client-flight-{i}.bin", clientFlights[i]);
        for (int i = 0; i < serverFlights.Count; i++) Write(root, "dtls", $"server-flight-{i}.bin", serverFlights[i]);
        return 0;
    }

    private static byte[] StunErrorResponse()
    {
        byte[] buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingErrorResponse, Hex("b7e7a701bc34d686fa87dfae"));
        writer.WriteErrorCode(487, "Role Conflict");
        writer.WriteUnknownAttributes([0x0042]);
        writer.WriteMessageIntegrity("VOkJxbRl1RmTxUk/WvJxBt"u8);
        writer.WriteFingerprint();
        return buffer.AsSpan(0, writer.Length).ToArray();
    }

    private static byte[] TwoByteExtensionPacket()
    {
        byte[] packet = new byte[64];
        byte[] block = new byte[32];
        var writer = new RtpHeaderExtensionWriter(block, RtpExtensionForm.TwoByte);
        writer.TryAdd(1, ReadOnlySpan<byte>.Empty);
        writer.TryAdd(200, "abc"u8);
        writer.TryAddTransportSequenceNumber(3, 4242);
        int blockLength = writer.Finish();
        int length = RtpHeaderWriter.Write(packet, new RtpHeaderFields(96, 1, 2, 3), [5u, 6u], block.AsSpan(0, blockLength).ToArray());
        packet[length] = 0xAB;
        return packet.AsSpan(0, length + 1).ToArray();
    }

    private static byte[] TransportCc()
    {
        byte[] buffer = new byte[200];
        int length = TransportCcFeedback.Write(buffer, 1, 2, 3,
        [
            TransportCcPacketStatus.Arrived(10, 1_000_000), TransportCcPacketStatus.Arrived(12, 900_000),
            TransportCcPacketStatus.Arrived(13, 910_000), TransportCcPacketStatus.Arrived(40, 920_000),
        ], out _);
        return buffer.AsSpan(0, length).ToArray();
    }

    /// <summary>Our DTLS client against our DTLS server in memory; every datagram each side sent, in order.</summary>
    private static async Task<(List<byte[]> Client, List<byte[]> Server)> DtlsHandshakeAsync()
    {
        var client = new List<byte[]>();
        var server = new List<byte[]>();
        DtlsDatagramChannel? clientChannel = null, serverChannel = null;
        clientChannel = new DtlsDatagramChannel(d => { lock (client) client.Add(d.ToArray()); serverChannel!.Enqueue(d); });
        serverChannel = new DtlsDatagramChannel(d => { lock (server) server.Add(d.ToArray()); clientChannel.Enqueue(d); });
        var clientCertificate = DtlsCertificate.Generate();
        var serverCertificate = DtlsCertificate.Generate();
        var options = new DtlsTransportOptions { SrtpProfiles = [SrtpProfile.AeadAes128Gcm, SrtpProfile.AesCm128HmacSha1_80] };
        using var clientTransport = new DtlsTransport(clientCertificate, clientChannel, options);
        using var serverTransport = new DtlsTransport(serverCertificate, serverChannel, options);
        var serverDone = serverTransport.HandshakeAsync(DtlsRole.Server, DtlsFingerprint.Parse(clientCertificate.Fingerprint));
        var clientDone = clientTransport.HandshakeAsync(DtlsRole.Client, DtlsFingerprint.Parse(serverCertificate.Fingerprint));
        await Task.WhenAll(serverDone, clientDone).WaitAsync(TimeSpan.FromSeconds(30));
        lock (client) lock (server) return ([.. client], [.. server]);
    }

    private static void Write(string root, string target, string name, byte[] bytes)
    {
        string folder = Path.Combine(root, target);
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, name), bytes);
    }

    private static byte[] Hex(string hex) => Convert.FromHexString(hex);
}
