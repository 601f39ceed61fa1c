namespace RtcLive.Signaling.Hubs.Contracts;

/// <summary><c>Publish</c>'s argument: the client's offer (send-only m-lines) and what each m-line carries.</summary>
public sealed record PublishRequest
{
    public string? Sdp { get; init; }

    public IReadOnlyList<PublishedTrack>? Tracks { get; init; }
}

/// <summary>What one m-line carries: <c>camera</c>, <c>microphone</c>, <c>screen</c> or <c>screen-audio</c>.</summary>
public sealed record PublishedTrack(string Mid, string Source);
