namespace RtcLive.WebRtc.Sdp;

/// <summary>A <c>b=</c> line such as <c>b=AS:2000</c> (kbit/s) or <c>b=TIAS:2000000</c> (bit/s).</summary>
public sealed record SdpBandwidth(string Type, ulong Value)
{
    public override string ToString() => $"{Type}:{Value}";
}
