namespace RtcLive.Sfu.Control.Http;

/// <summary>The pace of the event stream's keep-alive, known to both ends.</summary>
public static class SfuControlEventStreamTiming
{
    /// <summary>The node writes an empty line when it has sent nothing for this long.</summary>
    public static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(5);
}
