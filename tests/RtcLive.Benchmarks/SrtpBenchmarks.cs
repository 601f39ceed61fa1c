using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using RtcLive.WebRtc.Srtp;

namespace RtcLive.Benchmarks;

/// <summary>
/// The SFU's per-packet SRTP cost: one unprotect per received packet, one protect per subscriber.
/// A receiver rejects replays, so unprotect cannot be repeated on one packet: <see cref="ProtectThenUnprotectRtp"/>
/// protects a fresh sequence number and unprotects it, and unprotect alone is that minus <see cref="ProtectRtp"/>.
/// </summary>
[MemoryDiagnoser]
public class SrtpBenchmarks
{
    private const int RtpLength = 1200;
    private const int RtcpLength = 80;

    private SrtpContext _sender = null!;
    private SrtpContext _receiver = null!;
    private SrtpContext _rtcpSender = null!;
    private byte[] _rtp = null!;
    private byte[] _rtcp = null!;
    private ushort _seq;

    [Params(SrtpProfile.AesCm128HmacSha1_80, SrtpProfile.AeadAes128Gcm)]
    public SrtpProfile Profile { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var key = new byte[16];
        var salt = new byte[SrtpProfileInfo.SaltLength(Profile)];
        new Random(1).NextBytes(key);
        new Random(2).NextBytes(salt);
        _sender = SrtpContext.Create(Profile, key, salt);
        _receiver = SrtpContext.Create(Profile, key, salt);
        _rtcpSender = SrtpContext.Create(Profile, key, salt);

        _rtp = new byte[RtpLength + _sender.RtpOverhead];
        new Random(3).NextBytes(_rtp);
        _rtp[0] = 0x80; // V=2, no CSRC, no extension: 12-byte header, 1,188-byte payload
        _rtp[1] = 96;
        BinaryPrimitives.WriteUInt32BigEndian(_rtp.AsSpan(8), 0x1234_5678);

        _rtcp = new byte[RtcpLength + _sender.RtcpOverhead];
        new Random(4).NextBytes(_rtcp);
        _rtcp[0] = 0x81;
        _rtcp[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(_rtcp.AsSpan(2), RtcpLength / 4 - 1);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sender.Dispose();
        _receiver.Dispose();
        _rtcpSender.Dispose();
    }

    /// <summary>Protect of a 1,200-byte RTP packet; each call is the stream's next sequence number, encrypting in place.</summary>
    [Benchmark]
    public int ProtectRtp()
    {
        BinaryPrimitives.WriteUInt16BigEndian(_rtp.AsSpan(2), ++_seq);
        _sender.TryProtectRtp(_rtp, RtpLength, out int length);
        return length;
    }

    /// <summary>Protect then unprotect of the same fresh packet, so the receiver always sees a new index.</summary>
    [Benchmark]
    public int ProtectThenUnprotectRtp()
    {
        BinaryPrimitives.WriteUInt16BigEndian(_rtp.AsSpan(2), ++_seq);
        _sender.TryProtectRtp(_rtp, RtpLength, out int length);
        if (!_receiver.TryUnprotectRtp(_rtp.AsSpan(0, length), out int plain))
            throw new InvalidOperationException("unprotect failed");
        return plain;
    }

    /// <summary>Protect of an 80-byte RTCP compound packet (receiver report + feedback).</summary>
    [Benchmark]
    public int ProtectRtcp()
    {
        _rtcpSender.TryProtectRtcp(_rtcp, RtcpLength, out int length);
        return length;
    }
}
