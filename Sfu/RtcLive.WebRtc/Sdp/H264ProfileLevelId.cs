using System.Globalization;

namespace RtcLive.WebRtc.Sdp;

/// <summary>
/// A parsed H.264 <c>profile-level-id</c> fmtp value (six hex digits: profile_idc, profile-iop, level_idc).
/// </summary>
public readonly record struct H264ProfileLevelId(H264Profile Profile, byte Level)
{
    /// <summary>What an absent <c>profile-level-id</c> means: Baseline, level 1.0 (RFC 6184 §8.1).</summary>
    public const string DefaultText = "42000a";

    // profile_idc, then the profile-iop bits as a pattern from the most significant bit: '1' and '0' must match,
    // 'x' is either. This is how constraint_set flags turn Baseline/Main/Extended/High into the constrained
    // profiles (ITU-T H.264 A.2).
    private static readonly (byte ProfileIdc, string IopPattern, H264Profile Profile)[] Patterns =
    [
        (0x42, "x1xx0000", H264Profile.ConstrainedBaseline),
        (0x4D, "1xxx0000", H264Profile.ConstrainedBaseline),
        (0x58, "11xx0000", H264Profile.ConstrainedBaseline),
        (0x42, "x0xx0000", H264Profile.Baseline),
        (0x58, "10xx0000", H264Profile.Baseline),
        (0x4D, "0x0x0000", H264Profile.Main),
        (0x64, "00000000", H264Profile.High),
        (0x64, "00001100", H264Profile.ConstrainedHigh),
        (0xF4, "00000000", H264Profile.PredictiveHigh444),
    ];

    /// <summary>Parses six hex digits; false for other text or a profile WebRTC does not use.</summary>
    public static bool TryParse(string? text, out H264ProfileLevelId value)
    {
        value = default;
        if (text is null || text.Length != 6
            || !uint.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint bits))
            return false;
        byte profileIdc = (byte)(bits >> 16);
        byte iop = (byte)(bits >> 8);
        byte level = (byte)bits;
        foreach (var (idc, pattern, profile) in Patterns)
        {
            if (idc == profileIdc && MatchesPattern(iop, pattern))
            {
                value = new H264ProfileLevelId(profile, level);
                return true;
            }
        }
        return false;
    }

    private static bool MatchesPattern(byte iop, string pattern)
    {
        for (int i = 0; i < 8; i++)
        {
            char expected = pattern[i];
            if (expected == 'x') continue;
            int bit = (iop >> (7 - i)) & 1;
            if (bit != expected - '0') return false;
        }
        return true;
    }
}
