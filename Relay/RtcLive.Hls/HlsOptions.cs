namespace RtcLive.Hls;

/// <summary>The HLS fallback's settings (<c>RtcLive:Hls</c>).</summary>
public sealed class HlsOptions
{
    public const string Section = "RtcLive:Hls";

    /// <summary>False turns HLS off on purpose (requests get 503 saying so).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The ffmpeg executable: a name looked up on PATH, or a full path.</summary>
    public string FfmpegPath { get; set; } = "ffmpeg";

    /// <summary>Where segments are written (one folder per room and run); empty: a folder under the system's temp.</summary>
    public string Directory { get; set; } = "";

    /// <summary>Segment length: keyframes are forced at this interval so every rung cuts at the same instants.</summary>
    public double SegmentSeconds { get; set; } = 1.0;

    /// <summary>LL-HLS part target (EXT-X-PART-INF); ffmpeg cuts fragments a little shorter than this.</summary>
    public double PartSeconds { get; set; } = 0.333;

    /// <summary>Segments kept in the live playlist (and on disk): the sliding window.</summary>
    public int WindowSegments { get; set; } = 8;

    /// <summary>Start transcoding as soon as a class's camera is published, not on the first HLS request.</summary>
    public bool StartWithRoom { get; set; }

    /// <summary>How long a room's transcode keeps running after its last HLS viewer stopped asking.</summary>
    public TimeSpan IdleGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A viewer counts as watching while it asked for a playlist this recently.</summary>
    public TimeSpan ViewerTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Keep the whole class (no sliding window) and serve it as a replay after the end.</summary>
    public bool Replay { get; set; }

    /// <summary>How long an ended class's playlist (with EXT-X-ENDLIST) stays served; with Replay, its files stay on disk.</summary>
    public TimeSpan EndedRetention { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a request waits for a playlist that does not exist yet (the class has not started, ffmpeg is starting).</summary>
    public TimeSpan RequestWait { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>x264 preset: veryfast keeps a 720p30 transcode under one core on a small VM.</summary>
    public string Preset { get; set; } = "veryfast";

    /// <summary>Video bitrate of a 720p rung in kbit/s; other rungs scale with their pixel count.</summary>
    public int Kbps720 { get; set; } = 2500;

    public int AudioKbps { get; set; } = 96;

    /// <summary>
    /// The rungs' frame rate. Said outright: ffmpeg cannot measure a live pipe's rate before it starts (no analysis
    /// time), and for H.264 in Matroska it then takes the millisecond timebase as 1000 fps and duplicates frames.
    /// </summary>
    public int FrameRate { get; set; } = 30;

    /// <summary>
    /// Most rooms this process runs HLS for at once (each waits for its class and then runs an ffmpeg of about one
    /// core); a request for another room gets 503 until one stops.
    /// </summary>
    public int MaxRooms { get; set; } = 16;

    /// <summary>The largest source rung: a larger camera is scaled down to this height.</summary>
    public int MaxHeight { get; set; } = 1080;
}
