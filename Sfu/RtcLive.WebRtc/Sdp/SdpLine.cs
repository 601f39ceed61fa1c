namespace RtcLive.WebRtc.Sdp;

/// <summary>
/// A line whose type the model has no field for (<c>u=</c>, <c>e=</c>, <c>p=</c>, <c>r=</c>, <c>z=</c>,
/// <c>k=</c>, extra <c>t=</c>, or a letter RFC 8866 does not define), kept so that writing the description back
/// loses nothing.
/// </summary>
public sealed record SdpLine(char Type, string Value)
{
    public override string ToString() => $"{Type}={Value}";
}
