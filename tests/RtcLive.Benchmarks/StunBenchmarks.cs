using System.Net;
using BenchmarkDotNet.Attributes;
using RtcLive.WebRtc.Ice;
using RtcLive.WebRtc.Stun;

namespace RtcLive.Benchmarks;

/// <summary>
/// The STUN work an ICE-lite server does per connectivity or consent check: parse a browser-like Binding
/// request and verify FINGERPRINT and MESSAGE-INTEGRITY, write the success response, and both together
/// through <see cref="IceLiteResponder"/>. All must allocate nothing.
/// </summary>
[MemoryDiagnoser]
public class StunBenchmarks
{
    private static readonly IceCredentials Server = new("srvA", "serverpassword0123456789");
    private static readonly IPEndPoint Client = new(IPAddress.Parse("192.168.1.2"), 50000);

    private readonly byte[] _request = new byte[256];
    private readonly byte[] _response = new byte[IceLiteResponder.MinResponseBufferLength];
    private readonly byte[] _transactionId = new byte[StunMessage.TransactionIdLength];
    private int _requestLength;
    private IceLiteResponder _responder = null!;

    [GlobalSetup]
    public void Setup()
    {
        // Shaped like Chrome's checks: USERNAME, GOOG-NETWORK-INFO, ICE-CONTROLLING, USE-CANDIDATE, PRIORITY, MI, FINGERPRINT.
        StunMessage.NewTransactionId(_transactionId);
        var writer = new StunMessageWriter(_request, StunMessageType.BindingRequest, _transactionId);
        writer.WriteUsername("srvA:cli1"u8);
        writer.WriteAttribute((StunAttributeType)0xC057, [0x00, 0x01, 0x00, 0x0A]);
        writer.WriteIceControlling(0x1122334455667788);
        writer.WriteUseCandidate();
        writer.WritePriority(1845501695);
        writer.WriteMessageIntegrity(Server.PasswordBytes);
        writer.WriteFingerprint();
        _requestLength = writer.Length;
        _responder = new IceLiteResponder(Server, "cli1");
    }

    [Benchmark]
    public bool ParseBindingRequestAndVerify()
    {
        if (!StunMessageReader.TryParse(_request.AsSpan(0, _requestLength), out var message)) return false;
        return message.VerifyFingerprint()
            && message.TryGetUsername(out _)
            && message.VerifyMessageIntegrity(Server.PasswordBytes);
    }

    [Benchmark]
    public int WriteBindingSuccessResponse()
    {
        var writer = new StunMessageWriter(_response, StunMessageType.BindingSuccessResponse, _transactionId);
        writer.WriteXorMappedAddress(Client);
        writer.WriteMessageIntegrity(Server.PasswordBytes);
        writer.WriteFingerprint();
        return writer.Length;
    }

    [Benchmark]
    public int IceLiteResponderHandle() =>
        _responder.Handle(_request.AsSpan(0, _requestLength), Client, _response, 0).ResponseLength;
}
