namespace RtcLive.Sfu.Control;

/// <summary>Why the node refused a control call, so callers can map it (hub error, HTTP status) without parsing text.</summary>
public enum SfuControlError
{
    /// <summary>An argument is out of its domain (unknown role, layer or track source, empty name).</summary>
    InvalidArgument,

    /// <summary>The participant is not in the room (never joined, left, or was replaced).</summary>
    NotJoined,

    /// <summary>The participant's role does not allow it (a viewer publishing).</summary>
    NotAllowed,

    /// <summary>The SDP could not be parsed.</summary>
    MalformedSdp,

    /// <summary>The SDP parsed but cannot be served (no ICE credentials, too many tracks, no offer pending).</summary>
    Negotiation,

    /// <summary>The room or the node has reached a configured limit.</summary>
    Full,

    /// <summary>The node could not be reached, refused the caller's credentials, or answered out of contract.</summary>
    Unavailable,
}
