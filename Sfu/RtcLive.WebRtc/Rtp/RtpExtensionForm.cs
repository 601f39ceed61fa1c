namespace RtcLive.WebRtc.Rtp;

/// <summary>The two element layouts of RFC 8285, told apart by the extension block's profile field.</summary>
public enum RtpExtensionForm
{
    /// <summary>A profile RFC 8285 does not define; the block is opaque.</summary>
    Unknown = 0,

    /// <summary>Profile 0xBEDE: 4-bit id (1–14), 4-bit length-minus-one, values of 1–16 bytes.</summary>
    OneByte = 1,

    /// <summary>Profile 0x100X (X = appbits): 8-bit id (1–255), 8-bit length, values of 0–255 bytes.</summary>
    TwoByte = 2,
}

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
