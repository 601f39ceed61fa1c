using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using RtcLive.Sfu.Forwarding;
using RtcLive.WebRtc.Rtp;
using RtcLive.WebRtc.Srtp;
using RtcLive.WebRtc.Transport;

namespace RtcLive.Benchmarks;

/// <summary>
/// The whole per-packet hot path of issue 5 for one received video packet: unprotect once, cache it, then per
/// subscriber layer decision, rewrite, protect and a real send on loopback — the same steps the node takes, without
/// its threads. <see cref="Batched"/>: the sends held in a <see cref="UdpSendBatch"/> and sent with one
/// <c>sendmmsg</c> after the fan-out, as the node's receive thread does; otherwise one <c>sendto</c> each. Each
/// invocation also protects the incoming packet as the publisher would (replay protection forbids unprotecting one
/// packet twice): subtract <see cref="SrtpBenchmarks.ProtectRtp"/> for the SFU's share, and divide by
/// <see cref="Subscribers"/> for the cost per subscriber.
/// </summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    private const int PacketLength = 1200;
    private const uint PublisherSsrc = 0x6E2D9F01;

    private SrtpContext _publisher = null!;
    private SrtpContext _ingress = null!;
    private SrtpContext[] _egress = [];
    private SimulcastSelector[] _selectors = [];
    private RtpStreamRewriter[] _rewriters = [];
    private RtpPacketCache _cache = null!;
    private UdpSocket _socket = null!;
    private Socket _sink = null!;
    private SocketAddress _to = null!;
    private readonly byte[] _incoming = new byte[PacketLength + 64];
    private readonly byte[] _outgoing = new byte[PacketLength + 64];
    private int _payloadOffset;
    private ushort _sequence;

    [Params(1, 10)]
    public int Subscribers { get; set; }

    [Params(SrtpProfile.AeadAes128Gcm, SrtpProfile.AesCm128HmacSha1_80)]
    public SrtpProfile Profile { get; set; }

    [Params(false, true)]
    public bool Batched { get; set; }

    private UdpSendBatch? _batch;

    [GlobalSetup]
    public void Setup()
    {
        var key = new byte[16];
        var salt = new byte[SrtpProfileInfo.SaltLength(Profile)];
        new Random(1).NextBytes(key);
        new Random(2).NextBytes(salt);
        _publisher = SrtpContext.Create(Profile, key, salt);
        _ingress = SrtpContext.Create(Profile, key, salt);
        _egress = new SrtpContext[Subscribers];
        _selectors = new SimulcastSelector[Subscribers];
        _rewriters = new RtpStreamRewriter[Subscribers];
        for (int i = 0; i < Subscribers; i++)
        {
            _egress[i] = SrtpContext.Create(Profile, key, salt);
            _rewriters[i] = new RtpStreamRewriter(0xCAFE0000u + (uint)i, 90000, rewriteVp8: true);
            var selector = new SimulcastSelector();
            selector.SetLayerBitrate(1, 500_000, 0);
            selector.SetLayerActive(1, true, 0);
            selector.SetBandwidthEstimate(2_000_000, 0);
            selector.OnPacket(1, isKeyframe: true, 0);
            _selectors[i] = selector;
        }
        _cache = new RtpPacketCache();

        _payloadOffset = RtpHeaderWriter.Write(_incoming, new RtpHeaderFields(96, 0, 0, PublisherSsrc));
        new Random(3).NextBytes(_incoming.AsSpan(_payloadOffset, PacketLength - _payloadOffset));
        Convert.FromHexString("90E09B3F5720" + "11").CopyTo(_incoming, _payloadOffset);

        // Packets go to a socket nobody reads: the kernel drops them once its buffer is full, after the same send work.
        _sink = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _sink.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _socket = new UdpSocket(new IPEndPoint(IPAddress.Loopback, 0), 1 << 20, 1 << 20, new NullSink(), NullLogger.Instance, "bench");
        _to = _socket.ToSocketAddress((IPEndPoint)_sink.LocalEndPoint!);
        _batch = Batched && UdpBatchSender.IsSupported ? new UdpSendBatch(UdpSocket.DefaultSendBatch) : null;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _socket.Dispose();
        _sink.Dispose();
        _publisher.Dispose();
        _ingress.Dispose();
        foreach (var c in _egress) c.Dispose();
    }

    [Benchmark]
    public int ReceiveUnprotectFanOutProtectSend()
    {
        // The publisher's side: a fresh sequence number, protected (not the SFU's cost; see the summary).
        _sequence++;
        BinaryPrimitives.WriteUInt16BigEndian(_incoming.AsSpan(2), _sequence);
        BinaryPrimitives.WriteUInt32BigEndian(_incoming.AsSpan(4), 3000u * (uint)(_sequence / 3));
        _publisher.TryProtectRtp(_incoming, PacketLength, out int wireLength);

        // The SFU: unprotect once, cache once, then per subscriber.
        if (!_ingress.TryUnprotectRtp(_incoming.AsSpan(0, wireLength), out int plain)) throw new InvalidOperationException("unprotect failed");
        _cache.Store(_incoming.AsSpan(0, plain));
        int sent = 0;
        _batch?.Begin();
        try
        {
            for (int i = 0; i < _egress.Length; i++)
            {
                if (!_selectors[i].OnPacket(1, isKeyframe: false, _sequence).Forward) continue;
                _incoming.AsSpan(0, plain).CopyTo(_outgoing);
                _rewriters[i].Rewrite(_outgoing.AsSpan(0, plain), _sequence);
                _egress[i].TryProtectRtp(_outgoing, plain, out int length);
                _socket.Send(_outgoing.AsSpan(0, length), _to);
                sent++;
            }
        }
        finally
        {
            _batch?.End();
        }
        return sent;
    }

    private sealed class NullSink : IDatagramSink
    {
        public void OnDatagram(Span<byte> datagram, SocketAddress from)
        {
        }
    }
}
