using System.Text;
using RtcLive.WebRtc.Stun;
using RtcLive.WebRtc.Tests.Fuzzing;
using Xunit.Abstractions;
using static RtcLive.WebRtc.Tests.Stun.StunTestMessages;

namespace RtcLive.WebRtc.Tests.Stun;

public class StunFuzzTests(ITestOutputHelper output)
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes(Rfc5769Vectors.Password);

    [Fact]
    public void ReaderSurvivesMutatedMessages()
    {
        byte[] errorResponse = Build((ref StunMessageWriter w) =>
        {
            w.WriteErrorCode(487, "Role Conflict");
            w.WriteUnknownAttributes([0x0042]);
            w.WriteMessageIntegrity(Key);
            w.WriteFingerprint();
        }, StunMessageType.BindingErrorResponse);
        var mutator = new Mutator(5769, Rfc5769Vectors.Request, Rfc5769Vectors.IPv4Response,
            Rfc5769Vectors.IPv6Response, Rfc5769Vectors.LongTermRequest, errorResponse);

        int parsed = 0;
        FuzzRunner.Run(output, "STUN reader", mutator, bytes =>
        {
            if (!StunMessageReader.TryParse(bytes, out var message)) return;
            parsed++;
            Exercise(ref message);
        });
        output.WriteLine($"{parsed} inputs parsed as STUN");
        Assert.True(parsed > 1000, "the mutator should keep producing parseable messages");
    }

    /// <summary>Touches every accessor: none may throw on any message TryParse accepted.</summary>
    private static void Exercise(ref StunMessageReader message)
    {
        _ = message.MessageType;
        _ = message.TransactionId;
        message.TryGetUsername(out _);
        message.TryGetXorMappedAddress(out _);
        message.TryGetPriority(out _);
        message.TryGetIceControlling(out _);
        message.TryGetIceControlled(out _);
        message.TryGetErrorCode(out _, out _);
        message.TryGetAttribute(StunAttributeType.Realm, out _);
        _ = message.HasUseCandidate;
        message.VerifyMessageIntegrity(Key);
        message.VerifyFingerprint();
        Span<ushort> unknown = stackalloc ushort[4];
        message.GetUnknownComprehensionRequiredAttributes(unknown);
        foreach (var attribute in message.Attributes)
            _ = attribute.Value.Length;
        StunMessage.IsStun(message.Message);
    }
}
