namespace RtcLive.WebRtc.Ice;

/// <summary>Where <see cref="IceControllingAgent"/> is in its life.</summary>
public enum IceAgentState
{
    /// <summary><see cref="IceControllingAgent.NextAction"/> has not been called yet.</summary>
    New,

    /// <summary>Sending connectivity checks; no pair has succeeded yet.</summary>
    Checking,

    /// <summary>A pair is selected; consent checks keep it alive.</summary>
    Connected,

    /// <summary>No pair succeeded in time; nothing more is sent.</summary>
    Failed,

    /// <summary>The peer stopped answering consent checks (RFC 7675); nothing more is sent.</summary>
    ConsentExpired,
}
