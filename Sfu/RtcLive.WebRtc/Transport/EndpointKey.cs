using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace RtcLive.WebRtc.Transport;

/// <summary>
/// A remote UDP address as a small value, so the receive loop can find a peer's session from the raw
/// <see cref="SocketAddress"/> it just filled without allocating an <see cref="IPEndPoint"/> per packet.
/// IPv4 addresses are kept in their IPv4-mapped IPv6 form so both families share one key space.
/// </summary>
public readonly record struct EndpointKey(ulong High, ulong Low, ushort Port)
{
    public static EndpointKey From(SocketAddress address)
    {
        Span<byte> raw = address.Buffer.Span;
        ushort port = BinaryPrimitives.ReadUInt16BigEndian(raw.Slice(2, 2));
        if (address.Family == AddressFamily.InterNetwork)
        {
            uint v4 = BinaryPrimitives.ReadUInt32BigEndian(raw.Slice(4, 4));
            return new EndpointKey(0, 0x0000FFFF_00000000UL | v4, port);
        }
        if (address.Family == AddressFamily.InterNetworkV6)
        {
            // sockaddr_in6: family(2) port(2) flowinfo(4) address(16) scope(4)
            return new EndpointKey(
                BinaryPrimitives.ReadUInt64BigEndian(raw.Slice(8, 8)),
                BinaryPrimitives.ReadUInt64BigEndian(raw.Slice(16, 8)),
                port);
        }
        return default;
    }

    public static EndpointKey From(IPEndPoint endPoint) => From(endPoint.Serialize());

    public IPEndPoint ToIPEndPoint()
    {
        if (High == 0 && (Low >> 32) == 0x0000FFFF)
        {
            Span<byte> v4 = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(v4, (uint)Low);
            return new IPEndPoint(new IPAddress(v4), Port);
        }
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, High);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.Slice(8), Low);
        return new IPEndPoint(new IPAddress(bytes), Port);
    }

    public override string ToString() => ToIPEndPoint().ToString();
}
