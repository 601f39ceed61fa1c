namespace RtcLive.WebRtc.Ice;

/// <summary>
/// The outcome of <see cref="IceControllingAgent.HandleDatagram"/>: when <see cref="ResponseLength"/> is
/// positive, that many bytes of the response buffer go back to the datagram's source.
/// </summary>
public readonly record struct IceAgentReceiveResult(IceAgentReceiveStatus Status, int ResponseLength)
{
    public bool HasResponse => ResponseLength > 0;
}
