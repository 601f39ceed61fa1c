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
