using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace RtcLive.WebRtc.Stun;

/// <summary>
/// The value of XOR-MAPPED-ADDRESS (RFC 8489 §14.2): family, port XORed with the cookie's high 16 bits,
/// address XORed with the cookie (IPv4) or the cookie followed by the transaction id (IPv6). The XOR
/// keeps NATs that rewrite addresses they see in payloads from "fixing" it.
/// </summary>
internal static class StunXorAddress
{
    private const byte FamilyIPv4 = 0x01;
    private const byte FamilyIPv6 = 0x02;
    public const int IPv4ValueLength = 8;
    public const int IPv6ValueLength = 20;

    public static bool TryDecode(ReadOnlySpan<byte> value, ReadOnlySpan<byte> transactionId,
        [NotNullWhen(true)] out IPEndPoint? endpoint)
    {
        endpoint = null;
        if (value.Length < 4) return false;
        byte family = value[1];
        int port = BinaryPrimitives.ReadUInt16BigEndian(value[2..]) ^ (int)(StunMessage.MagicCookie >> 16);

        Span<byte> mask = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(mask, StunMessage.MagicCookie);
        transactionId.CopyTo(mask[4..]);

        int addressLength;
        if (family == FamilyIPv4 && value.Length == IPv4ValueLength) addressLength = 4;
        else if (family == FamilyIPv6 && value.Length == IPv6ValueLength) addressLength = 16;
        else return false;

        Span<byte> address = stackalloc byte[addressLength];
        for (int i = 0; i < addressLength; i++)
            address[i] = (byte)(value[4 + i] ^ mask[i]);
        endpoint = new IPEndPoint(new IPAddress(address), port);
        return true;
    }

    /// <summary>Bytes the value takes for <paramref name="endpoint"/>: IPv4 (including IPv4-mapped IPv6) or IPv6.</summary>
    public static int ValueLength(IPEndPoint endpoint) =>
        IsIPv4(endpoint.Address) ? IPv4ValueLength : IPv6ValueLength;

    /// <summary>Writes the value; <paramref name="destination"/> must be <see cref="ValueLength"/> bytes.</summary>
    public static void Encode(IPEndPoint endpoint, ReadOnlySpan<byte> transactionId, Span<byte> destination)
    {
        Span<byte> raw = stackalloc byte[16];
        endpoint.Address.TryWriteBytes(raw, out int written);
        bool ipv4 = IsIPv4(endpoint.Address);
        // A dual-mode socket reports IPv4 peers as ::ffff:a.b.c.d; the peer knows itself by the IPv4 address.
        ReadOnlySpan<byte> address = ipv4 ? raw.Slice(written - 4, 4) : raw[..16];

        Span<byte> mask = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(mask, StunMessage.MagicCookie);
        transactionId.CopyTo(mask[4..]);

        destination[0] = 0;
        destination[1] = ipv4 ? FamilyIPv4 : FamilyIPv6;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(endpoint.Port ^ (int)(StunMessage.MagicCookie >> 16)));
        for (int i = 0; i < address.Length; i++)
            destination[4 + i] = (byte)(address[i] ^ mask[i]);
    }

    private static bool IsIPv4(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork || address.IsIPv4MappedToIPv6;
}
