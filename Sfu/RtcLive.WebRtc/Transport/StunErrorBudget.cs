namespace RtcLive.WebRtc.Transport;

/// <summary>
/// A token bucket for one session's STUN error responses. Answering every failed check (RFC 8445 says a lite agent
/// answers 401) would let a storm of forged checks, possibly from spoofed sources, make the node send as many
/// datagrams as it receives; a real peer with stale credentials needs only a few answers to notice.
/// </summary>
/// <remarks>Used on the receive thread only; a mutable struct kept in a field, so it allocates nothing.</remarks>
internal struct StunErrorBudget(int perSecond, int burst)
{
    private double _tokens = burst;
    private long _lastMs;

    public bool TryTake(long nowMs)
    {
        if (_lastMs != 0) _tokens = Math.Min(burst, _tokens + (nowMs - _lastMs) * perSecond / 1000.0);
        _lastMs = nowMs;
        if (_tokens < 1) return false;
        _tokens -= 1;
        return true;
    }
}
