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
