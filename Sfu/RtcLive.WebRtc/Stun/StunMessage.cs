using System.Buffers.Binary;
using System.Security.Cryptography;

namespace RtcLive.WebRtc.Stun;

/// <summary>Wire constants of the STUN header (RFC 8489 §5) and the quick demultiplexing test.</summary>
public static class StunMessage
{
    /// <summary>Type (2) + length (2) + magic cookie (4) + transaction id (12).</summary>
    public const int HeaderLength = 20;

    public const int TransactionIdLength = 12;

    /// <summary>Fixed value in bytes 4–7 that tells STUN apart from other protocols on the same port.</summary>
    public const uint MagicCookie = 0x2112A442;

    /// <summary>
    /// True when <paramref name="datagram"/> looks like STUN: first byte 0–3 (RFC 7983 demultiplexing),
    /// at least a header long, and the magic cookie in place. Does not validate the attributes.
    /// </summary>
    public static bool IsStun(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= HeaderLength
        && datagram[0] <= 3
        && BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]) == MagicCookie;

    /// <summary>Fills <paramref name="destination"/> (12 bytes) with a new cryptographically random transaction id.</summary>
    /// <exception cref="ArgumentException">The destination is not 12 bytes long.</exception>
    public static void NewTransactionId(Span<byte> destination)
    {
        if (destination.Length != TransactionIdLength)
            throw new ArgumentException($"A transaction id is {TransactionIdLength} bytes.", nameof(destination));
        // Unpredictable ids are what keeps an off-path attacker from forging responses (RFC 8489 §6).
        RandomNumberGenerator.Fill(destination);
    }
}
