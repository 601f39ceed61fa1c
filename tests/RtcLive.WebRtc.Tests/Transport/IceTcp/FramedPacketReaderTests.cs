using System.Net;
using System.Net.Sockets;
using RtcLive.WebRtc.Transport.IceTcp;

namespace RtcLive.WebRtc.Tests.Transport.IceTcp;

/// <summary>RFC 4571 framing as a TCP stream delivers it: split and coalesced reads, oversize frames, over real sockets.</summary>
public sealed class FramedPacketReaderTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public void Every_split_point_of_a_stream_yields_the_same_frames()
    {
        byte[][] frames = [Packet(1, 20), Packet(2, 1), Packet(3, 300), Packet(4, 2)];
        byte[] stream = Frame(frames);
        for (int cut = 0; cut <= stream.Length; cut++)
        {
            for (int cut2 = cut; cut2 <= stream.Length; cut2 += 7)
            {
                var reader = new FramedPacketReader(1500);
                var sink = new CollectingSink();
                reader.Feed(stream.AsSpan(0, cut), sink);
                reader.Feed(stream.AsSpan(cut, cut2 - cut), sink);
                reader.Feed(stream.AsSpan(cut2), sink);
                Assert.Equal(frames.Length, sink.Frames.Count);
                for (int i = 0; i < frames.Length; i++) Assert.Equal(frames[i], sink.Frames[i]);
                Assert.True(reader.AtFrameBoundary);
            }
        }
    }

    [Fact]
    public async Task Frames_written_one_byte_at_a_time_arrive_whole()
    {
        byte[][] frames = [Packet(1, 1200), Packet(2, 3), Packet(3, 150)];
        await using var pair = await SocketPair.OpenAsync();
        var reading = pair.ReadFramesAsync(new FramedPacketReader(1500), frames.Length);

        foreach (byte b in Frame(frames))
        {
            await pair.Client.SendAsync(new[] { b }, SocketFlags.None);
            if (b % 64 == 0) await Task.Delay(1); // let some reads end mid-header and mid-payload
        }

        var (received, reads, _) = await reading.WaitAsync(Timeout);
        Assert.Equal(frames, received);
        Assert.True(reads > frames.Length, $"the stream arrived in {reads} reads: it was split");
    }

    [Fact]
    public async Task Many_frames_in_one_write_are_cut_apart()
    {
        var frames = Enumerable.Range(0, 200).Select(i => Packet((byte)i, 50 + i * 5)).ToArray();
        await using var pair = await SocketPair.OpenAsync();
        var reading = pair.ReadFramesAsync(new FramedPacketReader(1500), frames.Length);

        await pair.Client.SendAsync(Frame(frames), SocketFlags.None);

        var (received, reads, _) = await reading.WaitAsync(Timeout);
        Assert.Equal(frames, received);
        Assert.True(reads < frames.Length, $"{frames.Length} frames came in {reads} reads: they were coalesced");
    }

    [Fact]
    public async Task An_oversize_frame_is_skipped_and_the_stream_stays_in_step()
    {
        byte[] big = Packet(9, 5000);
        byte[][] before = [Packet(1, 100)];
        byte[][] after = [Packet(2, 200), Packet(3, 1500)];
        await using var pair = await SocketPair.OpenAsync();
        var reading = pair.ReadFramesAsync(new FramedPacketReader(1500), 3);

        await pair.Client.SendAsync(Frame([.. before, big, .. after]), SocketFlags.None);

        var (received, _, oversize) = await reading.WaitAsync(Timeout);
        Assert.Equal([.. before, .. after], received);
        Assert.Equal([5000], oversize);
    }

    [Fact]
    public void Empty_frames_are_skipped_and_the_limit_is_checked()
    {
        var reader = new FramedPacketReader(1500);
        var sink = new CollectingSink();
        reader.Feed(new byte[] { 0, 0, 0, 2, 7, 8, 0, 0 }, sink);
        Assert.Equal([new byte[] { 7, 8 }], sink.Frames);
        Assert.Throws<ArgumentOutOfRangeException>(() => new FramedPacketReader(65536));
        Assert.Throws<ArgumentOutOfRangeException>(() => FramedPacketReader.WriteHeader(new byte[2], 65536));
    }

    private static byte[] Packet(byte seed, int length)
    {
        var packet = new byte[length];
        for (int i = 0; i < length; i++) packet[i] = (byte)(seed * 31 + i);
        return packet;
    }

    private static byte[] Frame(IEnumerable<byte[]> packets)
    {
        var stream = new List<byte>();
        foreach (var p in packets)
        {
            stream.Add((byte)(p.Length >> 8));
            stream.Add((byte)p.Length);
            stream.AddRange(p);
        }
        return [.. stream];
    }

    private sealed class CollectingSink : IFramedPacketSink
    {
        public List<byte[]> Frames { get; } = [];

        public List<int> Oversize { get; } = [];

        public void OnFrame(Span<byte> frame) => Frames.Add(frame.ToArray());

        public void OnOversizeFrame(int length) => Oversize.Add(length);
    }

    /// <summary>A connected pair of loopback TCP sockets.</summary>
    private sealed class SocketPair : IAsyncDisposable
    {
        private SocketPair(Socket client, Socket server)
        {
            Client = client;
            Server = server;
        }

        public Socket Client { get; }

        public Socket Server { get; }

        public static async Task<SocketPair> OpenAsync()
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(1);
            var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            var accepting = listener.AcceptAsync();
            await client.ConnectAsync(listener.LocalEndPoint!);
            return new SocketPair(client, await accepting);
        }

        public async Task<(List<byte[]> Frames, int Reads, List<int> Oversize)> ReadFramesAsync(FramedPacketReader reader, int count)
        {
            var sink = new CollectingSink();
            var buffer = new byte[64 * 1024];
            int reads = 0;
            while (sink.Frames.Count < count)
            {
                int n = await Server.ReceiveAsync(buffer, SocketFlags.None);
                if (n == 0) break;
                reads++;
                reader.Feed(buffer.AsSpan(0, n), sink);
            }
            return (sink.Frames, reads, sink.Oversize);
        }

        public ValueTask DisposeAsync()
        {
            Client.Dispose();
            Server.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
