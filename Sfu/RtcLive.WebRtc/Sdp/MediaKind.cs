namespace RtcLive.WebRtc.Sdp;

/// <summary>The media type of an m-line, as far as WebRTC cares.</summary>
public enum MediaKind
{
    Audio,
    Video,

    /// <summary><c>m=application</c>: data channels over SCTP. Parsed and answered (rejected), never carried.</summary>
    Application,

    /// <summary>Any other media type (<c>text</c>, <c>message</c>...); its name is kept in <see cref="MediaDescription.Media"/>.</summary>
    Other,
}

public static class MediaKindExtensions
{
    /// <summary>The m-line token: <c>audio</c>, <c>video</c> or <c>application</c>.</summary>
    public static string ToSdp(this MediaKind kind) => kind switch
    {
        MediaKind.Audio => "audio",
        MediaKind.Video => "video",
        MediaKind.Application => "application",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "MediaKind.Other has no single SDP name"),
    };

    /// <summary>The kind an m-line token names; <see cref="MediaKind.Other"/> for anything unrecognised.</summary>
    public static MediaKind FromSdp(string media) => media switch
    {
        "audio" => MediaKind.Audio,
        "video" => MediaKind.Video,
        "application" => MediaKind.Application,
        _ => MediaKind.Other,
    };
}
