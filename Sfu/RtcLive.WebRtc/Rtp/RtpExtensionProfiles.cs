namespace RtcLive.WebRtc.Rtp;

/// <summary>Profile values that select an <see cref="RtpExtensionForm"/>.</summary>
public static class RtpExtensionProfiles
{
    public const ushort OneByte = 0xBEDE;

    /// <summary>The two-byte profile with appbits 0; any value 0x1000–0x100F is two-byte.</summary>
    public const ushort TwoByte = 0x1000;

    public static RtpExtensionForm FormOf(ushort profile) => profile switch
    {
        OneByte => RtpExtensionForm.OneByte,
        _ when (profile & 0xFFF0) == TwoByte => RtpExtensionForm.TwoByte,
        _ => RtpExtensionForm.Unknown,
    };
}
