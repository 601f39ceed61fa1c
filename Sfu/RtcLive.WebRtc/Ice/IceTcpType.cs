namespace RtcLive.WebRtc.Ice;

/// <summary>The role of a TCP candidate in opening the connection (RFC 6544 §4.5).</summary>
public enum IceTcpType
{
    /// <summary>Opens outgoing connections only ("active"); browsers advertise port 9 for these.</summary>
    Active,

    /// <summary>Accepts incoming connections only ("passive").</summary>
    Passive,

    /// <summary>Simultaneous open ("so").</summary>
    SimultaneousOpen,
}
