using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using RtcLive.Benchmarks.Udp;
using RtcLive.WebRtc.Transport;

namespace RtcLive.Benchmarks;

/// <summary>
/// Issue 5's "batching sends (sendmmsg)": the fan-out of 1,200-byte datagrams to <see cref="FanOut"/> loopback
/// receivers, one <c>Socket.SendTo</c> per datagram (what <c>UdpSocket.Send</c> does) against one <c>sendmmsg</c> per
/// fan-out. Each invocation sends <see cref="Datagrams"/> datagrams, so the means are per datagram; the ratio
/// column is batch / single within one run.
/// </summary>
[MemoryDiagnoser]
public class UdpSendBatchBenchmarks
{
    public const int Datagrams = 100;
    private const int Size = 1200;

    [Params(10, 50)]
    public int FanOut { get; set; }

    private readonly byte[] _datagram = new byte[Size];
    private LoopbackReceivers _receivers = null!;
    private Socket _socket = null!;
    private SocketAddress[] _addresses = [];
    private UdpBatchSender _batch = null!;

    [GlobalSetup]
    public void Setup()
    {
        Random.Shared.NextBytes(_datagram);
        _receivers = new LoopbackReceivers(FanOut);
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { SendBufferSize = 4 << 20 };
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _addresses = Array.ConvertAll(_receivers.EndPoints, e => e.Serialize());
        _batch = new UdpBatchSender(_socket, FanOut, Size);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _socket.Dispose();
        _receivers.Dispose();
    }

    /// <summary>One SendTo per datagram, to a pre-serialized address (no allocation), as the node sends today.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Datagrams)]
    public int SendToEach()
    {
        int sent = 0;
        for (int packet = 0; packet < Datagrams / FanOut; packet++)
            foreach (var address in _addresses)
                sent += _socket.SendTo(_datagram, SocketFlags.None, address);
        return sent;
    }

    /// <summary>One sendmmsg per packet's fan-out (the copy into the batch's slots included).</summary>
    [Benchmark(OperationsPerInvoke = Datagrams)]
    public int SendMmsgPerFanOut()
    {
        int sent = 0;
        for (int packet = 0; packet < Datagrams / FanOut; packet++)
        {
            foreach (var address in _addresses)
                _batch.TryAdd(_datagram, address);
            sent += _batch.Flush();
        }
        return sent;
    }
}
