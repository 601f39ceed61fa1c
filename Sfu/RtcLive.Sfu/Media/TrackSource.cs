namespace RtcLive.Sfu.Media;

/// <summary>What a published track carries, so viewers can tell the presenter's camera from a screen share.</summary>
public enum TrackSource
{
    Camera,
    Microphone,
    Screen,
    ScreenAudio,
}

public static class TrackSources
{
    public static string ToWire(this TrackSource source) => source switch
    {
        TrackSource.Camera => "camera",
        TrackSource.Microphone => "microphone",
        TrackSource.Screen => "screen",
        _ => "screen-audio",
    };

    public static bool TryParse(string? text, out TrackSource source)
    {
        switch (text?.ToLowerInvariant())
        {
            case "camera": source = TrackSource.Camera; return true;
            case "microphone": source = TrackSource.Microphone; return true;
            case "screen": source = TrackSource.Screen; return true;
            case "screen-audio": source = TrackSource.ScreenAudio; return true;
            default: source = default; return false;
        }
    }
}
