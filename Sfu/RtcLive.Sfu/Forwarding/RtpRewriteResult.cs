namespace RtcLive.Sfu.Forwarding;

/// <summary>What <see cref="RtpStreamRewriter"/> did with a packet; only <see cref="Forwarded"/> is sent.</summary>
public enum RtpRewriteResult
{
    /// <summary>Rewritten for the subscriber; send it.</summary>
    Forwarded,

    /// <summary>The packet is from another SSRC than the current source (typically the old layer after a
    /// switch, arriving late).</summary>
    NotCurrentSource,

    /// <summary>From the current source but older than the packet that source started with: its output
    /// place is already taken by the previous source.</summary>
    BeforeSourceStart,

    /// <summary>Already forwarded once.</summary>
    Duplicate,

    /// <summary>So far behind the newest packet that it fell out of the history window.</summary>
    TooOld,

    /// <summary>Not a parseable RTP packet (in-place rewriting only).</summary>
    Malformed,
}
