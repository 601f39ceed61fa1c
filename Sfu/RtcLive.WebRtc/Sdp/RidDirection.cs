namespace RtcLive.WebRtc.Sdp;

/// <summary>Whether an <c>a=rid</c> describes a stream the writer sends or one it receives (RFC 8851).</summary>
public enum RidDirection
{
    Send,
    Recv,
}
