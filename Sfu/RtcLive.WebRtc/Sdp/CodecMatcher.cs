namespace RtcLive.WebRtc.Sdp;

/// <summary>
/// Decides whether an offered payload type is the codec a <see cref="CodecCapability"/> describes. Beyond name,
/// clock rate and channels, some fmtp parameters identify the codec itself rather than tune it:
/// H.264's packetization-mode (always compared, absent = 0) and profile (compared when the capability names a
/// profile-level-id; levels may differ), VP9's profile-id and AV1's profile (absent = 0). Any other parameter the
/// capability lists must be present with the same value.
/// </summary>
public static class CodecMatcher
{
    public static bool Matches(CodecCapability capability, Codec offered)
    {
        if (!string.Equals(capability.Name, offered.Name, StringComparison.OrdinalIgnoreCase)) return false;
        if (capability.ClockRate != offered.ClockRate) return false;
        if (capability.Channels is { } channels && (offered.Channels ?? 1) != channels) return false;

        bool isH264 = string.Equals(offered.Name, "H264", StringComparison.OrdinalIgnoreCase);
        if (isH264 && !SameValue(
                capability.Parameters.Get("packetization-mode") ?? "0",
                offered.Parameters.Get("packetization-mode") ?? "0"))
            return false;

        foreach (var parameter in capability.Parameters)
        {
            string key = parameter.Key;
            if (isH264 && (Is(key, "packetization-mode") || Is(key, "level-asymmetry-allowed"))) continue;
            string? offeredValue = offered.Parameters.Get(key) ?? DefaultValue(offered.Name, key);
            if (isH264 && Is(key, "profile-level-id"))
            {
                if (!SameH264Profile(parameter.Value, offeredValue)) return false;
            }
            else if (!SameValue(parameter.Value, offeredValue))
            {
                return false;
            }
        }
        return true;
    }

    private static string? DefaultValue(string codecName, string key)
    {
        if (string.Equals(codecName, "H264", StringComparison.OrdinalIgnoreCase) && Is(key, "profile-level-id"))
            return H264ProfileLevelId.DefaultText;
        if (string.Equals(codecName, "VP9", StringComparison.OrdinalIgnoreCase) && Is(key, "profile-id")) return "0";
        if (string.Equals(codecName, "AV1", StringComparison.OrdinalIgnoreCase) && Is(key, "profile")) return "0";
        return null;
    }

    private static bool SameH264Profile(string? wanted, string? offered) =>
        H264ProfileLevelId.TryParse(wanted, out var a)
        && H264ProfileLevelId.TryParse(offered, out var b)
        && a.Profile == b.Profile;

    private static bool SameValue(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static bool Is(string key, string name) => string.Equals(key, name, StringComparison.OrdinalIgnoreCase);
}
