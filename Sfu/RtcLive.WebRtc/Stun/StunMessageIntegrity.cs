using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace RtcLive.WebRtc.Stun;

/// <summary>
/// The MESSAGE-INTEGRITY attribute (RFC 8489 §14.5): HMAC-SHA1 over the message up to the attribute, with
/// the header length field set as if MESSAGE-INTEGRITY were the last attribute. For ICE's short-term
/// credentials the key is the password's bytes (RFC 8445 §7.2.2).
/// </summary>
internal static class StunMessageIntegrity
{
    public const int Length = 20;

    /// <summary>Messages up to this many bytes before MESSAGE-INTEGRITY are verified on the stack.</summary>
    private const int StackCopyLimit = 1024;

    /// <param name="covered">The bytes before the attribute, with the header length already adjusted.</param>
    public static void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> covered, Span<byte> mac) =>
        HMACSHA1.HashData(key, covered, mac);

    /// <summary>Checks the MESSAGE-INTEGRITY attribute whose header starts at <paramref name="attributeOffset"/>.</summary>
    public static bool Verify(ReadOnlySpan<byte> message, int attributeOffset, ReadOnlySpan<byte> key)
    {
        ReadOnlySpan<byte> received = message.Slice(attributeOffset + 4, Length);
        ushort adjustedLength = (ushort)(attributeOffset + 4 + Length - StunMessage.HeaderLength);
        Span<byte> mac = stackalloc byte[Length];

        if (BinaryPrimitives.ReadUInt16BigEndian(message[2..]) == adjustedLength)
        {
            // Nothing follows MESSAGE-INTEGRITY: the message is hashed as it is.
            Compute(key, message[..attributeOffset], mac);
            return CryptographicOperations.FixedTimeEquals(mac, received);
        }

        // Something (normally FINGERPRINT) follows: the input is read-only, so hash a copy whose length
        // field pretends MESSAGE-INTEGRITY is last.
        byte[]? rented = null;
        Span<byte> copy = attributeOffset <= StackCopyLimit
            ? stackalloc byte[StackCopyLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(attributeOffset));
        try
        {
            copy = copy[..attributeOffset];
            message[..attributeOffset].CopyTo(copy);
            BinaryPrimitives.WriteUInt16BigEndian(copy[2..], adjustedLength);
            Compute(key, copy, mac);
            return CryptographicOperations.FixedTimeEquals(mac, received);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
