using System.Globalization;
using System.Text;

namespace RtcLive.Hls.Packaging;

/// <summary>
/// The replay of an ended class: a VOD media playlist (RFC 8216 4.3.3.5) of every segment the class made, with the
/// init segment of each ffmpeg run and a discontinuity where a run restarted, and EXT-X-ENDLIST. No parts, no
/// blocking reload: nothing is live any more.
/// </summary>
public static class ReplayPlaylistWriter
{
    public static string Write(IReadOnlyList<PlaylistSegment> segments, double targetSeconds)
    {
        var c = CultureInfo.InvariantCulture;
        int target = (int)Math.Ceiling(Math.Max(targetSeconds, segments.Count == 0 ? 0 : segments.Max(s => s.Duration)) - 0.001);
        var sb = new StringBuilder(4096);
        sb.Append("#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        sb.Append("#EXT-X-TARGETDURATION:").Append(Math.Max(1, target)).Append('\n');
        sb.Append("#EXT-X-MEDIA-SEQUENCE:").Append(segments.Count > 0 ? segments[0].Sequence : 0).Append('\n');
        string? map = null;
        for (int i = 0; i < segments.Count; i++)
        {
            var s = segments[i];
            if (s.Discontinuity && i > 0) sb.Append("#EXT-X-DISCONTINUITY\n");
            if (s.MapUri != map)
            {
                sb.Append("#EXT-X-MAP:URI=\"").Append(s.MapUri).Append("\"\n");
                map = s.MapUri;
            }
            if (i == 0 || s.Discontinuity) sb.Append("#EXT-X-PROGRAM-DATE-TIME:").Append(s.ProgramDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", c)).Append('\n');
            sb.Append("#EXTINF:").Append(s.Duration.ToString("0.000##", c)).Append(",\n").Append(s.Uri).Append('\n');
        }
        sb.Append("#EXT-X-ENDLIST\n");
        return sb.ToString();
    }
}
