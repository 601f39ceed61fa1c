using System.Net;

namespace RtcLive.WebRtc.Transport;

public sealed class UdpMuxOptions
{
    /// <summary>Address and port the media socket binds to.</summary>
    public IPEndPoint Bind { get; set; } = new(IPAddress.Loopback, 50000);

    /// <summary>
    /// Kernel socket buffers. Bursts of keyframes fanned out to many subscribers overflow the default
    /// 208 KiB quickly; the kernel caps these at net.core.rmem_max / wmem_max.
    /// </summary>
    public int ReceiveBufferBytes { get; set; } = 4 * 1024 * 1024;

    public int SendBufferBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Most datagrams sent per <c>sendmmsg</c> while a received packet is fanned out; 1: one <c>sendto</c> each.</summary>
    public int SendBatch { get; set; } = UdpSocket.DefaultSendBatch;

    /// <summary>Interval of the tick that drives consent freshness and other timers.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(1);
}
