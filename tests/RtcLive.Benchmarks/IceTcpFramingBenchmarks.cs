using BenchmarkDotNet.Attributes;
using RtcLive.WebRtc.Transport.IceTcp;

namespace RtcLive.Benchmarks;

/// <summary>
/// The ICE-TCP receive path's own work: cutting RFC 4571 frames out of what a read returns, for 1,200-byte media
/// packets, when reads hold many whole frames (handed over in place) and when every frame is split across reads
/// (copied once). Per read of about 64 KiB; must allocate nothing.
/// </summary>
[MemoryDiagnoser]
public class IceTcpFramingBenchmarks
{
    private const int PacketLength = 1200;
    private readonly byte[] _stream = new byte[54 * (PacketLength + FramedPacketReader.HeaderLength)];
    private readonly FramedPacketReader _reader = new(4096);
    private readonly CountingSink _sink = new();

    [GlobalSetup]
    public void Setup()
    {
        for (int offset = 0; offset < _stream.Length; offset += PacketLength + FramedPacketReader.HeaderLength)
        {
            FramedPacketReader.WriteHeader(_stream.AsSpan(offset), PacketLength);
            _stream.AsSpan(offset + FramedPacketReader.HeaderLength, PacketLength).Fill(0x90);
        }
    }

    [Benchmark]
    public int WholeFramesInOneRead()
    {
        _reader.Feed(_stream, _sink);
        return _sink.Frames;
    }

    [Benchmark]
    public int EveryFrameSplitAcrossReads()
    {
        // Reads of 1,000 bytes: no frame lies inside one read, every one is put together from two.
        for (int offset = 0; offset < _stream.Length; offset += 1000)
            _reader.Feed(_stream.AsSpan(offset, Math.Min(1000, _stream.Length - offset)), _sink);
        return _sink.Frames;
    }

    private sealed class CountingSink : IFramedPacketSink
    {
        public int Frames;

        public void OnFrame(Span<byte> frame) => Frames++;

        public void OnOversizeFrame(int length)
        {
        }
    }
}
