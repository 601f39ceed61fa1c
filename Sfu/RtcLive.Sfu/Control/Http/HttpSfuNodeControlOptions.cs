namespace RtcLive.Sfu.Control.Http;

/// <summary>How signaling reaches one remote node's control API.</summary>
public sealed class HttpSfuNodeControlOptions
{
    /// <summary>The node's control URL, e.g. <c>http://127.0.0.1:9090/</c>.</summary>
    public required Uri BaseAddress { get; init; }

    /// <summary>The shared secret the node's control API demands as a bearer token.</summary>
    public required string Token { get; init; }

    /// <summary>How long one call may take before the node counts as unavailable.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long the event stream may stay silent before it counts as dead and is reopened; the node writes a
    /// keep-alive line more often than this (<see cref="SfuControlEventStreamTiming.KeepAliveInterval"/>).
    /// </summary>
    public TimeSpan EventSilenceTimeout { get; init; } = TimeSpan.FromSeconds(15);
}
