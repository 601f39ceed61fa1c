using System.Net;

namespace RtcLive.WebRtc.Transport.IceTcp;

/// <summary>The ICE-TCP port (RFC 6544 passive candidates): where it listens and what one connection may cost.</summary>
public sealed class IceTcpOptions
{
    /// <summary>Address and port the listener binds to.</summary>
    public IPEndPoint Bind { get; set; } = new(IPAddress.Loopback, 50000);

    /// <summary>Connections open at once, over all peers; more are closed on accept.</summary>
    public int MaxConnections { get; set; } = 2000;

    /// <summary>Connections open at once from one IP address (a browser opens one per peer connection and candidate).</summary>
    public int MaxConnectionsPerAddress { get; set; } = 32;

    /// <summary>
    /// Largest framed packet accepted. WebRTC peers frame the datagrams they would send over UDP (about 1200 bytes;
    /// Chromium's ClientHello about 1400); longer frames are skipped and counted.
    /// </summary>
    public int MaxFrameBytes { get; set; } = 4096;

    /// <summary>
    /// Bytes queued for a peer whose connection cannot take more yet. Media is real-time: when the queue is full
    /// the next packets are dropped (and counted) rather than queued without bound, and congestion control and
    /// NACK deal with the loss as they would on UDP.
    /// </summary>
    public int SendQueueBytes { get; set; } = 256 * 1024;

    /// <summary>A connection that has sent nothing for this long is closed (consent checks come every few seconds).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A connection must prove, by an authentic ICE check, which session it belongs to within this time.</summary>
    public TimeSpan BindTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public void Validate()
    {
        if (MaxConnections < 1) throw new ArgumentOutOfRangeException(nameof(MaxConnections), "must be at least 1");
        if (MaxConnectionsPerAddress < 1) throw new ArgumentOutOfRangeException(nameof(MaxConnectionsPerAddress), "must be at least 1");
        if (MaxFrameBytes is < 1500 or > ushort.MaxValue) throw new ArgumentOutOfRangeException(nameof(MaxFrameBytes), "must be 1500–65535");
        if (SendQueueBytes < MaxFrameBytes + FramedPacketReader.HeaderLength)
            throw new ArgumentOutOfRangeException(nameof(SendQueueBytes), "must hold at least one frame of MaxFrameBytes");
        if (IdleTimeout <= TimeSpan.Zero || BindTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(IdleTimeout), "timeouts must be positive");
    }
}
