using Org.BouncyCastle.Tls;
using RtcLive.WebRtc.Dtls;

namespace RtcLive.Fuzz.Targets;

/// <summary>
/// A datagram whose first byte says DTLS, as the media port hands it to a session: the record filter for the state
/// before and after each negotiable cipher suite, then the datagram channel BouncyCastle reads from. A datagram the
/// channel queues must come out whole (a later epoch's record during the handshake once a ChangeCipherSpec has been
/// read); one the filter refuses must never reach BouncyCastle.
/// </summary>
public static class DtlsRecordTarget
{
    private static readonly DtlsRecordFilter[] Suites =
    [
        DtlsRecordFilter.ForCipherSuite(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, encryptThenMac: false),
        DtlsRecordFilter.ForCipherSuite(CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, encryptThenMac: false),
        DtlsRecordFilter.ForCipherSuite(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, encryptThenMac: false),
        DtlsRecordFilter.ForCipherSuite(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, encryptThenMac: true),
    ];

    [ThreadStatic] private static byte[]? _received;

    // A ChangeCipherSpec record: type 20, DTLS 1.2, epoch 0, sequence 1, one byte of body (1).
    private static readonly byte[] ChangeCipherSpec = [20, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1];

    public static void Run(ReadOnlySpan<byte> input)
    {
        bool headers = DtlsRecordFilter.HeadersOnly.Admits(input);
        foreach (var suite in Suites)
            if (suite.Admits(input) && !headers)
                throw new PropertyViolationException("a suite's filter admitted what the header check refuses");

        var channel = new DtlsDatagramChannel(_ => { }, capacity: 2);
        bool queued = channel.Enqueue(input);
        if (queued != (headers && input.Length <= DtlsDatagramChannel.DefaultReceiveLimit))
            throw new PropertyViolationException($"queued={queued} but the filter said {headers} for {input.Length} bytes");
        if (!queued) return;
        byte[] received = _received ??= new byte[DtlsDatagramChannel.DefaultReceiveLimit];
        int length = channel.Receive(received, 0, received.Length, 1);
        if (length < 0)
        {
            // During the handshake a later epoch's record waits for the ChangeCipherSpec (DtlsFlightOrder); nothing else may wait.
            if ((input[3] << 8 | input[4]) == 0)
                throw new PropertyViolationException("the channel held back an epoch-0 datagram");
            if (!channel.Enqueue(ChangeCipherSpec))
                throw new PropertyViolationException("the channel refused a ChangeCipherSpec");
            if (channel.Receive(received, 0, received.Length, 1) != ChangeCipherSpec.Length)
                throw new PropertyViolationException("the ChangeCipherSpec did not come first");
            length = channel.Receive(received, 0, received.Length, 1);
        }
        if (length != input.Length || !received.AsSpan(0, length).SequenceEqual(input))
            throw new PropertyViolationException("the channel must hand BouncyCastle the datagram it queued, whole");
        channel.Close();
    }
}
