using RtcLive.WebRtc.Stun;

namespace RtcLive.Fuzz.Targets;

/// <summary>What the media port does with a datagram whose first byte says STUN: parse, then read every attribute.</summary>
public static class StunTarget
{
    private static readonly byte[] Key = "VOkJxbRl1RmTxUk/WvJxBt"u8.ToArray();

    public static void Run(ReadOnlySpan<byte> input)
    {
        StunMessage.IsStun(input);
        if (!StunMessageReader.TryParse(input, out var message)) return;
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
        int total = 0;
        foreach (var attribute in message.Attributes)
            total += attribute.Value.Length;
        if (total > input.Length)
            throw new PropertyViolationException($"attributes hold {total} bytes of a {input.Length}-byte message");
    }
}
