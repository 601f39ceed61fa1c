namespace RtcLive.LoadTest.Media;

/// <summary>One simulcast layer as a browser encodes a class's camera: its rid, size and target bitrate.</summary>
internal sealed record LayerSpec(string Rid, int Width, int Height, int BitsPerSecond)
{
    /// <summary>Chromium's three layers for a 720p camera, with the bitrates issue 5 names (≈150k, 500k, 1.7M).</summary>
    public static IReadOnlyList<LayerSpec> Default720p { get; } =
    [
        new("q", 320, 180, 150_000),
        new("h", 640, 360, 500_000),
        new("f", 1280, 720, 1_700_000),
    ];
}
