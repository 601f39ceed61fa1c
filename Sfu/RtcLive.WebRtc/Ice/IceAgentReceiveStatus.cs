namespace RtcLive.WebRtc.Ice;

/// <summary>What <see cref="IceControllingAgent.HandleDatagram"/> made of a datagram.</summary>
public enum IceAgentReceiveStatus
{
    /// <summary>Not STUN, not one of our transactions, or not authentic: dropped.</summary>
    Ignored,

    /// <summary>An authentic answer to one of our checks; see <see cref="IceControllingAgent.State"/> and the pairs.</summary>
    ResponseAccepted,

    /// <summary>An authentic check from the peer: a success response was written.</summary>
    RequestAnswered,

    /// <summary>A check from the peer was refused: an error response was written.</summary>
    RequestRejected,
}
