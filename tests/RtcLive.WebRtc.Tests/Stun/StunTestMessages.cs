using RtcLive.WebRtc.Stun;

namespace RtcLive.WebRtc.Tests.Stun;

/// <summary>Builds test messages with a lambda over the writer (a ref struct cannot be captured, but can be passed by ref).</summary>
internal static class StunTestMessages
{
    public static readonly byte[] TransactionId = Convert.FromHexString("0102030405060708090a0b0c");

    public delegate void Write(ref StunMessageWriter writer);

    public static byte[] Build(Write write, StunMessageType type = StunMessageType.BindingRequest)
    {
        var buffer = new byte[1024];
        var writer = new StunMessageWriter(buffer, type, TransactionId);
        write(ref writer);
        return buffer[..writer.Length];
    }

    /// <summary>Appends a raw attribute after the end of <paramref name="message"/> and fixes the header length.</summary>
    public static byte[] Append(byte[] message, ushort type, byte[] value)
    {
        int padded = (value.Length + 3) & ~3;
        var result = new byte[message.Length + 4 + padded];
        message.CopyTo(result, 0);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(message.Length), type);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(message.Length + 2), (ushort)value.Length);
        value.CopyTo(result, message.Length + 4);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(2), (ushort)(result.Length - StunMessage.HeaderLength));
        return result;
    }
}
