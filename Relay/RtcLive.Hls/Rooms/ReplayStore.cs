using System.Text;
using System.Text.RegularExpressions;
using RtcLive.Hls.Packaging;

namespace RtcLive.Hls.Rooms;

/// <summary>
/// The replays kept on disk (<see cref="HlsOptions.Replay"/>): an ended class's run folder
/// (<c>{Directory}/{room}/{run}/</c>) holding <c>replay.m3u8</c> beside its rungs' VOD playlists, init segments and
/// segments. A room's replay is its latest such run. Names from URLs are checked against what the worker writes
/// before they touch the file system, and every path must stay inside the room's folder.
/// </summary>
public sealed partial class ReplayStore(string directory)
{
    public const string MultivariantFile = "replay.m3u8";

    /// <summary>The multivariant playlist of the room's latest replay, its rung URIs prefixed with the run; null when none is kept.</summary>
    public (string Run, string Playlist)? Latest(string room)
    {
        if (RoomFolder(room) is not { } folder || !Directory.Exists(folder)) return null;
        string? latest = null;
        foreach (string path in Directory.EnumerateDirectories(folder))
        {
            string run = Path.GetFileName(path);
            if (!RunName().IsMatch(run) || !File.Exists(Path.Combine(path, MultivariantFile))) continue;
            if (latest is null || string.CompareOrdinal(run, latest) > 0) latest = run;
        }
        if (latest is null) return null;
        var playlist = new StringBuilder();
        foreach (string line in File.ReadAllLines(Path.Combine(folder, latest, MultivariantFile)))
            playlist.Append(line.Length > 0 && line[0] != '#' ? $"{latest}/{line}" : line).Append('\n');
        return (latest, playlist.ToString());
    }

    /// <summary>A file of a kept replay (a rung's VOD playlist, init segment or segment); null when the names are not ones the worker writes, or it is not there.</summary>
    public string? PathOf(string room, string run, string rung, string file)
    {
        if (RoomFolder(room) is not { } folder || !RunName().IsMatch(run) || !RungName().IsMatch(rung) || !ReplayFileName().IsMatch(file)) return null;
        string path = Path.GetFullPath(Path.Combine(folder, run, rung, file));
        if (!path.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal)) return null;
        // Only a finished replay is served: not the files of a class still running.
        return File.Exists(Path.Combine(folder, run, MultivariantFile)) && File.Exists(path) ? path : null;
    }

    private string? RoomFolder(string room)
    {
        string escaped = Uri.EscapeDataString(room);
        if (room.Length is 0 or > 200 || escaped is "." or "..") return null;
        string baseFolder = Path.GetFullPath(directory);
        string folder = Path.GetFullPath(Path.Combine(baseFolder, escaped));
        return Path.GetDirectoryName(folder) == baseFolder.TrimEnd(Path.DirectorySeparatorChar) ? folder : null;
    }

    [GeneratedRegex(@"^\d{14,24}$")]
    private static partial Regex RunName();

    [GeneratedRegex(@"^\d{1,5}p$")]
    private static partial Regex RungName();

    [GeneratedRegex(@"^(replay\.m3u8|init-\d{1,6}\.mp4|s\d{1,12}\.m4s)$")]
    private static partial Regex ReplayFileName();
}
