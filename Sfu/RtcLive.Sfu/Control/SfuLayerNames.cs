using RtcLive.Sfu.Forwarding;

namespace RtcLive.Sfu.Control;

/// <summary>The layer names of the control API: Chromium's rids <c>q</c>, <c>h</c>, <c>f</c> (layers 0–2), and <c>auto</c>.</summary>
public static class SfuLayerNames
{
    public const string Allowed = "q, h, f, auto";

    public static bool TryParse(string? layer, out SimulcastPreference preference)
    {
        switch (layer?.ToLowerInvariant())
        {
            case "q": preference = new SimulcastPreference(ManualLayer: 0); return true;
            case "h": preference = new SimulcastPreference(ManualLayer: 1); return true;
            case "f": preference = new SimulcastPreference(ManualLayer: 2); return true;
            case "auto": preference = SimulcastPreference.Auto; return true;
            default: preference = default; return false;
        }
    }
}
