namespace RtcLive.WebRtc.Ice;

public enum IceAgentActionKind
{
    /// <summary>Send the datagram written into the buffer, then ask again.</summary>
    Send,

    /// <summary>Nothing to send: call again at <see cref="IceAgentAction.WakeAtMs"/> or when a datagram arrives.</summary>
    Wait,
}
