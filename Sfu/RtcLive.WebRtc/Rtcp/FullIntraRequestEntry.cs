namespace RtcLive.WebRtc.Rtcp;

/// <summary>
/// One FIR request: the stream that should send a keyframe, and the command sequence number, which the
/// requester increments per new request (a repeat with the same number is a retransmission).
/// </summary>
public readonly record struct FullIntraRequestEntry(uint Ssrc, byte SequenceNumber);
