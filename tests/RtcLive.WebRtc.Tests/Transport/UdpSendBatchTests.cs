using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using RtcLive.WebRtc.Transport;

namespace RtcLive.WebRtc.Tests.Transport;

/// <summary>
/// What a <see cref="UdpSocket"/>'s receive thread sends while it handles a datagram (the node's fan-out) leaves in
/// sendmmsg batches when the handling ends: over real loopback UDP, every datagram arrives intact and in order,
/// on the socket's own port and on another socket the thread sends through (a relay link feeding the media port).
/// </summary>
public sealed class UdpSendBatchTests
{
    private const int FanOut = 40; // more than one batch of 32: a batch fills and is sent mid-handling
    private const int OtherFanOut = 3;

    [Fact]
    public void A_fan_out_leaves_in_batches_on_both_sockets_the_receive_thread_sends_through()
    {
        using var setup = new FanOutSetup(sendBatch: 32);
        for (int round = 0; round < 3; round++) setup.Trigger(round);

        UdpBatchSenderTests.ExpectRounds(setup.Receivers, 3, setup.Socket.LocalEndPoint);
        UdpBatchSenderTests.ExpectRounds(setup.OtherReceivers, 3, setup.Other.LocalEndPoint);
        if (!UdpBatchSender.IsSupported) return;
        Assert.True(SpinWait.SpinUntil(() => setup.Other.SendBatches == 3, 5000), $"batches on the other socket: {setup.Other.SendBatches}");
        Assert.Equal(3 * FanOut, setup.Socket.BatchedDatagrams);
        Assert.Equal(3 * 2, setup.Socket.SendBatches);
        Assert.Equal(3 * OtherFanOut, setup.Other.BatchedDatagrams);
        Assert.Equal(0, setup.Socket.SendErrors);
    }

    [Fact]
    public void A_handler_that_throws_after_sending_still_gets_its_datagrams_out()
    {
        using var setup = new FanOutSetup(sendBatch: 32) { ThrowAfterSending = true };
        setup.Trigger(0);
        UdpBatchSenderTests.ExpectRounds(setup.Receivers, 1, setup.Socket.LocalEndPoint);
        UdpBatchSenderTests.ExpectRounds(setup.OtherReceivers, 1, setup.Other.LocalEndPoint);
        Assert.True(SpinWait.SpinUntil(() => setup.Socket.HandlerErrors == 1, 5000));
    }

    [Fact]
    public void With_a_batch_of_one_and_from_other_threads_each_datagram_leaves_at_once()
    {
        using (var setup = new FanOutSetup(sendBatch: 1))
        {
            setup.Trigger(0);
            UdpBatchSenderTests.ExpectRounds(setup.Receivers, 1, setup.Socket.LocalEndPoint);
            Assert.Equal(0, setup.Socket.BatchedDatagrams);
        }
        using (var setup = new FanOutSetup(sendBatch: 32))
        {
            // The test's thread has no batch open: its send goes out with sendto, not held.
            setup.Socket.Send(UdpBatchSenderTests.Datagram(0, 0), setup.Receivers[0].LocalEndPoint!.Serialize());
            UdpBatchSenderTests.ExpectRounds([setup.Receivers[0]], 1, setup.Socket.LocalEndPoint);
            Assert.Equal(0, setup.Socket.SendBatches);
        }
    }

    /// <summary>
    /// A UDP socket whose handler, for a trigger datagram naming round r, sends round r's datagram to each of
    /// <see cref="FanOut"/> receivers through itself and to <see cref="OtherFanOut"/> receivers through another socket.
    /// </summary>
    private sealed class FanOutSetup : IDatagramSink, IDisposable
    {
        private readonly SocketAddress[] _addresses;
        private readonly SocketAddress[] _otherAddresses;
        private readonly Socket _trigger = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

        public FanOutSetup(int sendBatch)
        {
            Receivers = UdpBatchSenderTests.Receivers(FanOut);
            OtherReceivers = UdpBatchSenderTests.Receivers(OtherFanOut);
            _addresses = Array.ConvertAll(Receivers, r => r.LocalEndPoint!.Serialize());
            _otherAddresses = Array.ConvertAll(OtherReceivers, r => r.LocalEndPoint!.Serialize());
            var loopback = new IPEndPoint(IPAddress.Loopback, 0);
            Socket = new UdpSocket(loopback, 1 << 20, 1 << 20, this, NullLogger.Instance, "batch-test", sendBatch);
            Other = new UdpSocket(loopback, 1 << 20, 1 << 20, new Ignore(), NullLogger.Instance, "batch-test-other", sendBatch);
            Socket.Start();
            Other.Start();
        }

        public Socket[] Receivers { get; }
        public Socket[] OtherReceivers { get; }
        public UdpSocket Socket { get; }
        public UdpSocket Other { get; }
        public bool ThrowAfterSending { get; init; }

        public void Trigger(int round) => _trigger.SendTo([(byte)round], Socket.LocalEndPoint);

        void IDatagramSink.OnDatagram(Span<byte> datagram, SocketAddress from)
        {
            int round = datagram[0];
            for (int i = 0; i < _addresses.Length; i++) Socket.Send(UdpBatchSenderTests.Datagram(round, i), _addresses[i]);
            for (int i = 0; i < _otherAddresses.Length; i++) Other.Send(UdpBatchSenderTests.Datagram(round, i), _otherAddresses[i]);
            if (ThrowAfterSending) throw new InvalidOperationException("a handler's bug, after it sent");
        }

        public void Dispose()
        {
            Socket.Dispose();
            Other.Dispose();
            _trigger.Dispose();
            foreach (var r in Receivers.Concat(OtherReceivers)) r.Dispose();
        }

        private sealed class Ignore : IDatagramSink
        {
            public void OnDatagram(Span<byte> datagram, SocketAddress from) { }
        }
    }
}
