namespace RtcLive.Hls.Packaging;

/// <summary>An LL-HLS partial segment as the playlist lists it.</summary>
public sealed record PlaylistPart(double Duration, string Uri, bool Independent);

/// <summary>A whole segment: its parts (listed while recent), and whether a new ffmpeg run (new init) starts here.</summary>
public sealed record PlaylistSegment(long Sequence, double Duration, string Uri, IReadOnlyList<PlaylistPart> Parts, bool Discontinuity, string MapUri,
    DateTimeOffset ProgramDateTime);

/// <summary>Everything a media playlist shows at one moment.</summary>
public sealed record MediaPlaylistModel(
    double TargetSeconds,
    double PartTarget,
    long DiscontinuitySequence,
    IReadOnlyList<PlaylistSegment> Segments,
    IReadOnlyList<PlaylistPart> OpenParts,
    bool OpenDiscontinuity,
    string? OpenMapUri,
    DateTimeOffset? OpenProgramDateTime,
    string? PreloadHintUri,
    bool Ended,
    bool Event);
