namespace RtcLive.WebRtc.Sdp;

/// <summary>
/// Thrown by <see cref="SdpParser"/> when a session description is malformed. It is the only exception the
/// parser throws for bad input; the message names the line and what was wrong with it so that a WHIP client or
/// a browser's owner can see why their offer was refused.
/// </summary>
public sealed class SdpParseException : FormatException
{
    public SdpParseException(int lineNumber, string reason)
        : base(lineNumber > 0 ? $"SDP line {lineNumber}: {reason}" : $"SDP: {reason}")
    {
        LineNumber = lineNumber;
        Reason = reason;
    }

    /// <summary>1-based number of the offending line, or 0 when the problem concerns the whole description.</summary>
    public int LineNumber { get; }

    /// <summary>What was wrong, without the line-number prefix.</summary>
    public string Reason { get; }
}
