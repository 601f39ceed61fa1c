namespace RtcLive.WebRtc.Ice;

/// <summary>
/// The outcome of <see cref="IceLiteResponder.Handle"/>: when <see cref="ResponseLength"/> is positive, that
/// many bytes of the response buffer go back to the request's source address.
/// </summary>
/// <param name="Nominated">The check was authentic and carried USE-CANDIDATE: its source is now the selected endpoint.</param>
public readonly record struct IceCheckResult(IceCheckStatus Status, int ResponseLength, bool Nominated)
{
    public bool HasResponse => ResponseLength > 0;
}
