using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using RtcLive.WebRtc.Transport;

namespace RtcLive.WebRtc.Tests.Transport;

/// <summary>The sendmmsg sender over real loopback UDP.</summary>
public sealed class UdpBatchSenderTests
{
    [Fact]
    public void A_batch_arrives_intact_and_in_order_at_each_receiver()
    {
        const int receivers = 7, rounds = 5;
        var sockets = Receivers(receivers);
        try
        {
            using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            sender.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var batch = new UdpBatchSender(sender, maxBatch: receivers, maxDatagram: 1200);

            for (int round = 0; round < rounds; round++)
            {
                for (int i = 0; i < receivers; i++)
                    Assert.True(batch.TryAdd(Datagram(round, i), sockets[i].LocalEndPoint!.Serialize()));
                Assert.False(batch.TryAdd(Datagram(round, 0), sockets[0].LocalEndPoint!.Serialize()));
                Assert.Equal(receivers, batch.Flush());
                Assert.Equal(0, batch.Count);
            }
            Assert.Equal(0, batch.Dropped);
            ExpectRounds(sockets, rounds, sender.LocalEndPoint!);
        }
        finally
        {
            foreach (var socket in sockets) socket.Dispose();
        }
    }

    [Fact]
    public void A_dual_mode_socket_batches_to_ipv4_peers_by_their_mapped_addresses()
    {
        if (!Socket.OSSupportsIPv6) return;
        var sockets = Receivers(3);
        try
        {
            using var sender = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp) { DualMode = true };
            sender.Bind(new IPEndPoint(IPAddress.IPv6Any, 0));
            var batch = new UdpBatchSender(sender, maxBatch: 8, maxDatagram: 1200);
            for (int i = 0; i < sockets.Length; i++)
            {
                var to = (IPEndPoint)sockets[i].LocalEndPoint!;
                Assert.True(batch.TryAdd(Datagram(0, i), new IPEndPoint(to.Address.MapToIPv6(), to.Port).Serialize()));
            }
            Assert.Equal(sockets.Length, batch.Flush());
            ExpectRounds(sockets, 1, from: null);
        }
        finally
        {
            foreach (var socket in sockets) socket.Dispose();
        }
    }

    [Fact]
    public void A_datagram_over_the_slot_size_is_refused_and_nothing_is_queued()
    {
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var batch = new UdpBatchSender(sender, maxBatch: 4, maxDatagram: 100);
        Assert.Throws<ArgumentException>(() => batch.TryAdd(new byte[101], new IPEndPoint(IPAddress.Loopback, 9).Serialize()));
        Assert.Equal(0, batch.Count);
    }

    [Fact]
    public void Datagrams_held_for_a_socket_that_closed_are_counted_as_dropped()
    {
        var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var batch = new UdpBatchSender(sender, maxBatch: 4, maxDatagram: 100);
        Assert.True(batch.TryAdd(new byte[10], new IPEndPoint(IPAddress.Loopback, 9).Serialize()));
        Assert.True(batch.TryAdd(new byte[10], new IPEndPoint(IPAddress.Loopback, 9).Serialize()));
        sender.Dispose();
        Assert.Equal(0, batch.Flush());
        Assert.Equal(2, batch.Dropped);
        Assert.Equal(0, batch.Count);
    }

    internal static Socket[] Receivers(int count)
    {
        var sockets = new Socket[count];
        for (int i = 0; i < count; i++)
        {
            sockets[i] = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 5000 };
            sockets[i].Bind(new IPEndPoint(IPAddress.Loopback, 0));
        }
        return sockets;
    }

    /// <summary>Each receiver got rounds 0..n-1 of its own datagram, in order, and nothing more.</summary>
    internal static void ExpectRounds(Socket[] sockets, int rounds, EndPoint? from)
    {
        var buffer = new byte[2048];
        for (int i = 0; i < sockets.Length; i++)
            for (int round = 0; round < rounds; round++)
            {
                EndPoint sender = new IPEndPoint(IPAddress.Any, 0);
                int length = sockets[i].ReceiveFrom(buffer, ref sender);
                if (from is not null) Assert.Equal(from, sender);
                Assert.Equal(Datagram(round, i), buffer.AsSpan(0, length).ToArray());
            }
        foreach (var socket in sockets) Assert.Equal(0, socket.Available);
    }

    /// <summary>A different size and content per receiver and round, so a mixed-up slot or length shows.</summary>
    internal static byte[] Datagram(int round, int receiver)
    {
        var data = new byte[200 + receiver * 131 % 1000 + round];
        for (int i = 0; i < data.Length; i++) data[i] = (byte)(i * 7 + receiver * 31 + round);
        BinaryPrimitives.WriteInt32BigEndian(data, round * 1000 + receiver);
        return data;
    }
}
