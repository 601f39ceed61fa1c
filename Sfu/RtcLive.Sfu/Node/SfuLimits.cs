using Dtls = RtcLive.WebRtc.Dtls;

namespace RtcLive.Sfu.Node;

/// <summary>
/// Caps on what one node holds, bound from <c>RtcLive:Sfu:Limits</c> by every host of a node. A join or publish over a
/// cap is refused with a message naming it (<see cref="Rooms.RoomFullException"/>, <c>SfuControlError.Full</c>); each cap
/// bounds memory and threads the node could otherwise be made to spend.
/// </summary>
public sealed class SfuLimits
{
    public const string Section = "RtcLive:Sfu:Limits";

    /// <summary>Participants of one room on this node (viewers included).</summary>
    public int MaxParticipantsPerRoom { get; set; } = 1000;

    /// <summary>Participants on this node in all rooms. Above the placement capacity (<c>RtcLive:Node:Capacity</c>), which
    /// steers joins elsewhere first; this is the hard stop.</summary>
    public int MaxParticipantsPerNode { get; set; } = 2000;

    /// <summary>Tracks one participant publishes (camera, microphone, screen and its audio, with room to spare).</summary>
    public int MaxTracksPerParticipant { get; set; } = 6;

    /// <summary>Tracks published in one room (a class's presenters and speakers on stage).</summary>
    public int MaxTracksPerRoom { get; set; } = 64;

    /// <summary>Tracks published on this node in all rooms (relayed ones included).</summary>
    public int MaxTracksPerNode { get; set; } = 1000;

    /// <summary>DTLS handshakes running at once on the node (each holds a thread until it ends or times out).</summary>
    public int MaxConcurrentHandshakes { get; set; } = Dtls.DtlsHandshakeLimiter.DefaultMaxConcurrent;

    /// <summary>Of those, from one remote IP address: a flood of ClientHellos from one address cannot take every slot.</summary>
    public int MaxHandshakesPerAddress { get; set; } = Dtls.DtlsHandshakeLimiter.DefaultMaxPerAddress;

    /// <summary>A handshake not complete by then is given up and its thread freed.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>What is wrong with the settings, or null when they can be used.</summary>
    public string? Problem()
    {
        if (MaxConcurrentHandshakes < 1) return $"{Section}:MaxConcurrentHandshakes must be positive";
        if (MaxHandshakesPerAddress < 1) return $"{Section}:MaxHandshakesPerAddress must be positive";
        if (HandshakeTimeout <= TimeSpan.Zero) return $"{Section}:HandshakeTimeout must be positive (e.g. 00:00:15)";
        if (MaxParticipantsPerRoom < 1) return $"{Section}:MaxParticipantsPerRoom must be positive";
        if (MaxParticipantsPerNode < 1) return $"{Section}:MaxParticipantsPerNode must be positive";
        if (MaxTracksPerParticipant < 1) return $"{Section}:MaxTracksPerParticipant must be positive";
        if (MaxTracksPerRoom < 1) return $"{Section}:MaxTracksPerRoom must be positive";
        if (MaxTracksPerNode < 1) return $"{Section}:MaxTracksPerNode must be positive";
        return null;
    }
}
