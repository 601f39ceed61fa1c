using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using RtcLive.Benchmarks.Udp;

namespace RtcLive.Benchmarks.Tests.Udp;

/// <summary>The sendmmsg sender of the batching benchmark, over real loopback UDP.</summary>
public sealed class UdpBatchSenderTests
{
    [Fact]
    public void A_batch_arrives_intact_and_in_order_at_each_receiver()
    {
        const int receivers = 7, rounds = 5;
        var sockets = new Socket[receivers];
        try
        {
            for (int i = 0; i < receivers; i++)
            {
                sockets[i] = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 5000 };
                sockets[i].Bind(new IPEndPoint(IPAddress.Loopback, 0));
            }
            using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            sender.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            using var batch = new UdpBatchSender(sender, maxBatch: receivers, maxDatagram: 1200);

            for (int round = 0; round < rounds; round++)
            {
                for (int i = 0; i < receivers; i++)
                    Assert.True(batch.TryAdd(Datagram(round, i), (IPEndPoint)sockets[i].LocalEndPoint!));
                Assert.False(batch.TryAdd(Datagram(round, 0), (IPEndPoint)sockets[0].LocalEndPoint!));
                Assert.Equal(receivers, batch.Flush());
                Assert.Equal(0, batch.Count);
            }
            Assert.Equal(0, batch.Dropped);

            var buffer = new byte[2048];
            for (int i = 0; i < receivers; i++)
                for (int round = 0; round < rounds; round++)
                {
                    EndPoint from = new IPEndPoint(IPAddress.Any, 0);
                    int length = sockets[i].ReceiveFrom(buffer, ref from);
                    Assert.Equal(sender.LocalEndPoint, from);
                    Assert.Equal(Datagram(round, i), buffer.AsSpan(0, length).ToArray());
                }
            foreach (var socket in sockets) Assert.Equal(0, socket.Available);
        }
        finally
        {
            foreach (var socket in sockets) socket?.Dispose();
        }
    }

    [Fact]
    public void A_datagram_over_the_slot_size_is_refused_and_nothing_is_queued()
    {
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        using var batch = new UdpBatchSender(sender, maxBatch: 4, maxDatagram: 100);
        var to = new IPEndPoint(IPAddress.Loopback, 9);
        Assert.Throws<ArgumentException>(() => batch.TryAdd(new byte[101], to));
        Assert.Throws<ArgumentException>(() => batch.TryAdd(new byte[10], new IPEndPoint(IPAddress.IPv6Loopback, 9)));
        Assert.Equal(0, batch.Count);
    }

    /// <summary>A different size and content per receiver and round, so a mixed-up slot or length shows.</summary>
    private static byte[] Datagram(int round, int receiver)
    {
        var data = new byte[200 + receiver * 131 + round];
        for (int i = 0; i < data.Length; i++) data[i] = (byte)(i * 7 + receiver * 31 + round);
        BinaryPrimitives.WriteInt32BigEndian(data, round * 1000 + receiver);
        return data;
    }
}
