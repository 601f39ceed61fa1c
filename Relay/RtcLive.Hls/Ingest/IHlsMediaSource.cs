namespace RtcLive.Hls.Ingest;

/// <summary>
/// Where a room's media comes from: the embedded SFU node's taps (<see cref="NodeTapMediaSource"/>), later the
/// cluster's relay link for a standalone worker.
/// </summary>
public interface IHlsMediaSource
{
    /// <summary>Feeds the class of <paramref name="room"/> (its lead's camera and microphone) into <paramref name="ingest"/> until disposed.</summary>
    IDisposable Open(string room, ClassMediaIngest ingest);
}
