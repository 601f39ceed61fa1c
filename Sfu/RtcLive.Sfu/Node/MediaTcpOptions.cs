namespace RtcLive.Sfu.Node;

/// <summary>The node's ICE-TCP port, bound from <c>RtcLive:Media:Tcp</c> (see <see cref="MediaOptions.ParseIceTcp"/>).</summary>
public sealed class MediaTcpOptions
{
    /// <summary>Passive TCP candidates in every answer, for networks that block UDP; <c>false</c> turns the port off.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Address and port of the TCP listener; empty: the same address and port number as the UDP media port.</summary>
    public string Bind { get; set; } = "";

    public int MaxConnections { get; set; } = 2000;

    public int MaxConnectionsPerAddress { get; set; } = 32;

    /// <summary>Bytes queued per connection for a peer that reads slower than media arrives; beyond it packets are dropped.</summary>
    public int SendQueueBytes { get; set; } = 256 * 1024;

    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
