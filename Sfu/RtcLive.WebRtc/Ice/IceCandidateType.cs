namespace RtcLive.WebRtc.Ice;

/// <summary>Where a candidate's address comes from (RFC 8445 §5.1.1); SDP token in parentheses.</summary>
public enum IceCandidateType
{
    /// <summary>An address of a local interface ("host").</summary>
    Host,

    /// <summary>The address a NAT maps us to, learned from a STUN server ("srflx").</summary>
    ServerReflexive,

    /// <summary>An address learned from a connectivity check's source or XOR-MAPPED-ADDRESS ("prflx").</summary>
    PeerReflexive,

    /// <summary>An address on a TURN server ("relay").</summary>
    Relayed,
}
