namespace RtcLive.WebRtc.Ice;

/// <summary>The check state of one candidate pair (RFC 8445 §6.1.2.6, without Frozen: there is one local candidate).</summary>
public enum IceCandidatePairState
{
    /// <summary>Not checked yet.</summary>
    Waiting,

    /// <summary>A check is outstanding.</summary>
    InProgress,

    /// <summary>An authentic success response came back from the pair's remote address.</summary>
    Succeeded,

    /// <summary>An authentic error response, an asymmetric response, or no answer in time.</summary>
    Failed,

    /// <summary>Not checked further because another pair was selected first.</summary>
    Cancelled,
}
