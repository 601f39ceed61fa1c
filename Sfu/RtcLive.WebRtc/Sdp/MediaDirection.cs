namespace RtcLive.WebRtc.Sdp;

/// <summary>
/// The direction attribute of a media section (RFC 8866 §6.7), always from the point of view of the endpoint
/// that wrote the description.
/// </summary>
public enum MediaDirection
{
    SendRecv,
    SendOnly,
    RecvOnly,
    Inactive,
}

public static class MediaDirectionExtensions
{
    public static string ToSdp(this MediaDirection direction) => direction switch
    {
        MediaDirection.SendRecv => "sendrecv",
        MediaDirection.SendOnly => "sendonly",
        MediaDirection.RecvOnly => "recvonly",
        MediaDirection.Inactive => "inactive",
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, null),
    };

    /// <summary>Recognises the four attribute names; anything else is not a direction.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out MediaDirection direction)
    {
        switch (text)
        {
            case "sendrecv": direction = MediaDirection.SendRecv; return true;
            case "sendonly": direction = MediaDirection.SendOnly; return true;
            case "recvonly": direction = MediaDirection.RecvOnly; return true;
            case "inactive": direction = MediaDirection.Inactive; return true;
            default: direction = default; return false;
        }
    }

    public static bool Sends(this MediaDirection direction) =>
        direction is MediaDirection.SendRecv or MediaDirection.SendOnly;

    public static bool Receives(this MediaDirection direction) =>
        direction is MediaDirection.SendRecv or MediaDirection.RecvOnly;

    public static MediaDirection FromFlags(bool sends, bool receives) => (sends, receives) switch
    {
        (true, true) => MediaDirection.SendRecv,
        (true, false) => MediaDirection.SendOnly,
        (false, true) => MediaDirection.RecvOnly,
        _ => MediaDirection.Inactive,
    };

    /// <summary>The same stream seen from the other end: what one side sends, the other receives.</summary>
    public static MediaDirection Reversed(this MediaDirection direction) =>
        FromFlags(sends: direction.Receives(), receives: direction.Sends());

    /// <summary>Only what both directions allow (used to fit a wished direction to what an offer permits).</summary>
    public static MediaDirection Intersect(this MediaDirection direction, MediaDirection other) =>
        FromFlags(direction.Sends() && other.Sends(), direction.Receives() && other.Receives());
}
