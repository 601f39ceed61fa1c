namespace RtcLive.WebRtc.Sdp;

/// <summary>One rid named in <c>a=simulcast</c>; <see cref="Paused"/> is the <c>~</c> prefix (RFC 8853 §5.1).</summary>
public sealed record SimulcastRid(string Rid, bool Paused = false)
{
    public override string ToString() => Paused ? "~" + Rid : Rid;
}
