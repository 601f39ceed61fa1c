namespace RtcLive.WebRtc.Sdp;

/// <summary>
/// One entry of an <c>a=fmtp</c> or <c>a=rid</c> parameter list: <c>key=value</c>, or a bare token such as the
/// <c>111/111</c> of RED or the <c>0-16</c> of telephone-event (then <see cref="Value"/> is null).
/// </summary>
public sealed record SdpParameter(string Key, string? Value = null)
{
    public override string ToString() => Value is null ? Key : $"{Key}={Value}";
}
