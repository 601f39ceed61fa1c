namespace RtcLive.WebRtc.Sdp;

/// <summary>The <c>t=</c> line. WebRTC sessions are always <c>t=0 0</c> (unbounded).</summary>
public sealed record SdpTiming(ulong Start, ulong Stop)
{
    public static readonly SdpTiming Unbounded = new(0, 0);

    public override string ToString() => $"{Start} {Stop}";
}
