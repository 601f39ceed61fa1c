using System.Diagnostics;
using RtcLive.WebRtc.Dtls;

namespace RtcLive.WebRtc.Tests.Dtls;

public sealed class DtlsDatagramChannelTests
{
    private static DtlsDatagramChannel NewChannel(int capacity = 4) => new(_ => { }, capacity);

    [Fact]
    public void Delivers_datagrams_in_order_and_copies_them()
    {
        var channel = NewChannel();
        byte[] first = TestRecords.Handshake(3, fill: 7);
        byte[] second = TestRecords.Handshake(1, fill: 9);
        Assert.True(channel.Enqueue(first));
        Assert.True(channel.Enqueue(second));
        byte[] expectedFirst = first.ToArray();
        first[13] = 0xFF; // the channel kept its own copy

        var buffer = new byte[1500];
        Assert.Equal(16, channel.Receive(buffer, 0, buffer.Length, 100));
        Assert.Equal(expectedFirst, buffer[..16]);
        Assert.Equal(14, channel.Receive(buffer.AsSpan(), 100));
        Assert.Equal(second, buffer[..14]);
        Assert.Equal(0, channel.QueuedDatagrams);
    }

    [Fact]
    public void A_servers_flight_queued_out_of_order_is_read_in_sender_order_during_the_handshake()
    {
        // As a delay line delivered a client's second flight: Certificate, ClientKeyExchange, Finished (epoch 1),
        // ChangeCipherSpec, CertificateVerify.
        var channel = NewChannel(capacity: 8);
        channel.ExpectCertificateVerify();
        byte[] certificate = TestRecords.Handshake(4, fill: 11), keyExchange = TestRecords.Handshake(4, fill: 16);
        byte[] finished = TestRecords.Record(22, 1, 40, fill: 20), changeCipherSpec = TestRecords.Record(20, 0, 1, fill: 1);
        byte[] verify = TestRecords.Handshake(4, fill: 15);
        foreach (byte[] datagram in new[] { certificate, keyExchange, finished, changeCipherSpec, verify }) Assert.True(channel.Enqueue(datagram));

        var read = new List<byte[]>();
        var buffer = new byte[1500];
        for (int i = 0; i < 5; i++) read.Add(buffer[..channel.Receive(buffer, 0, buffer.Length, 100)]);
        Assert.Equal([certificate, keyExchange, verify, changeCipherSpec, finished], read);
    }

    [Fact]
    public void A_finished_that_overtook_the_change_cipher_spec_waits_for_it()
    {
        var channel = NewChannel(capacity: 8);
        byte[] finished = TestRecords.Record(22, 1, 40, fill: 20), changeCipherSpec = TestRecords.Record(20, 0, 1, fill: 1);
        Assert.True(channel.Enqueue(finished));
        var buffer = new byte[1500];
        Assert.Equal(-1, channel.Receive(buffer, 0, buffer.Length, 20));
        Assert.Equal(1, channel.QueuedDatagrams);
        Assert.True(channel.Enqueue(changeCipherSpec));
        Assert.Equal(changeCipherSpec, buffer[..channel.Receive(buffer, 0, buffer.Length, 100)]);
        Assert.Equal(finished, buffer[..channel.Receive(buffer, 0, buffer.Length, 100)]);
    }

    [Fact]
    public void After_the_handshake_datagrams_are_read_as_they_came()
    {
        var channel = NewChannel(capacity: 8);
        channel.SetRecordFilter(DtlsRecordFilter.HeadersOnly);
        byte[] later = TestRecords.Record(23, 1, 40, fill: 2), earlier = TestRecords.Handshake(4, fill: 3);
        Assert.True(channel.Enqueue(later));
        Assert.True(channel.Enqueue(earlier));
        var buffer = new byte[1500];
        Assert.Equal(later, buffer[..channel.Receive(buffer, 0, buffer.Length, 100)]);
        Assert.Equal(earlier, buffer[..channel.Receive(buffer, 0, buffer.Length, 100)]);
    }

    [Fact]
    public void Rejects_and_counts_datagrams_that_are_not_dtls_records()
    {
        var channel = NewChannel();
        Assert.False(channel.Enqueue([22, 1, 2, 3]));                       // shorter than a record header
        Assert.False(channel.Enqueue(TestRecords.Handshake(10)[..20]));     // truncated record
        Assert.False(channel.Enqueue(TestRecords.Record(22, 0, 4, minor: 0xFE))); // reserved version
        Assert.True(channel.Enqueue(TestRecords.Handshake(10)));
        Assert.Equal(3, channel.RejectedDatagrams);
        Assert.Equal(0, channel.DroppedDatagrams);
        Assert.Equal(1, channel.QueuedDatagrams);
    }

    [Fact]
    public void Drops_and_counts_beyond_capacity_and_oversized_or_empty_datagrams()
    {
        var channel = NewChannel(capacity: 2);
        Assert.True(channel.Enqueue(TestRecords.Handshake(1)));
        Assert.True(channel.Enqueue(TestRecords.Handshake(1)));
        Assert.False(channel.Enqueue(TestRecords.Handshake(1)));
        Assert.False(channel.Enqueue(TestRecords.Handshake(DtlsDatagramChannel.DefaultReceiveLimit - 12)));
        Assert.False(channel.Enqueue([]));
        Assert.Equal(3, channel.DroppedDatagrams);
        Assert.Equal(2, channel.QueuedDatagrams);
    }

    [Fact]
    public void Receive_times_out_with_minus_one()
    {
        var channel = NewChannel();
        var stopwatch = Stopwatch.StartNew();
        Assert.Equal(-1, channel.Receive(new byte[1500], 0, 1500, 50));
        Assert.InRange(stopwatch.ElapsedMilliseconds, 40, 2000);
    }

    [Fact]
    public void Receive_cuts_a_datagram_longer_than_the_buffer()
    {
        var channel = NewChannel();
        byte[] record = TestRecords.Handshake(10, fill: 5);
        channel.Enqueue(record);
        var buffer = new byte[14];
        Assert.Equal(14, channel.Receive(buffer, 0, 14, 100));
        Assert.Equal(record[..14], buffer);
    }

    [Fact]
    public async Task Close_unblocks_a_waiting_receive()
    {
        var channel = NewChannel();
        var receiving = Task.Factory.StartNew(() => channel.Receive(new byte[1500], 0, 1500, 0), TaskCreationOptions.LongRunning);
        await Task.Delay(50);
        Assert.False(receiving.IsCompleted);

        channel.Close();
        await Assert.ThrowsAsync<DtlsChannelClosedException>(() => receiving.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.True(channel.IsClosed);
        Assert.False(channel.Enqueue(TestRecords.Handshake(1)));
        channel.Close(); // idempotent
    }

    [Fact]
    public void Sends_through_the_callback_until_closed()
    {
        var sent = new List<byte[]>();
        var channel = new DtlsDatagramChannel(datagram => sent.Add(datagram.ToArray()));
        channel.Send([1, 2, 3], 1, 2);
        channel.Close();
        channel.Send([9]);
        Assert.Equal([new byte[] { 2, 3 }], sent);
        Assert.Equal(DtlsDatagramChannel.DefaultReceiveLimit, channel.GetReceiveLimit());
        Assert.Equal(DtlsDatagramChannel.DefaultSendLimit, channel.GetSendLimit());
    }
}
