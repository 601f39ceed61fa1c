using System.Globalization;
using System.Text;

namespace RtcLive.Hls.Packaging;

/// <summary>
/// Writes an LL-HLS media playlist (RFC 8216bis): EXT-X-PART for the parts of recent segments (those within three
/// target durations of the end, as the RFC lets older ones go) and of the segment in progress, a PRELOAD-HINT for
/// the next part, blocking reload announced in SERVER-CONTROL, EXT-X-MAP and DISCONTINUITY where ffmpeg restarted,
/// ENDLIST when the class ended.
/// </summary>
public static class MediaPlaylistWriter
{
    public static string Write(MediaPlaylistModel m)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder(2048);
        int target = (int)Math.Ceiling(Math.Max(m.TargetSeconds, m.Segments.Count == 0 ? 0 : m.Segments.Max(s => s.Duration)) - 0.001);
        sb.Append("#EXTM3U\n#EXT-X-VERSION:6\n");
        sb.Append("#EXT-X-TARGETDURATION:").Append(Math.Max(1, target)).Append('\n');
        if (!m.Ended)
            sb.Append("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=").Append(F(m.PartTarget * 3, c)).Append('\n');
        sb.Append("#EXT-X-PART-INF:PART-TARGET=").Append(F(m.PartTarget, c)).Append('\n');
        sb.Append("#EXT-X-MEDIA-SEQUENCE:").Append(m.Segments.Count > 0 ? m.Segments[0].Sequence : NextSequence(m)).Append('\n');
        if (m.DiscontinuitySequence > 0) sb.Append("#EXT-X-DISCONTINUITY-SEQUENCE:").Append(m.DiscontinuitySequence).Append('\n');
        if (m.Event) sb.Append("#EXT-X-PLAYLIST-TYPE:EVENT\n");

        // Parts are listed for segments that end within three target durations of the live edge.
        double fromEnd = 0;
        int partsFrom = m.Segments.Count;
        for (int i = m.Segments.Count - 1; i >= 0 && fromEnd < 3 * target; i--)
        {
            fromEnd += m.Segments[i].Duration;
            partsFrom = i;
        }
        string? map = null;
        for (int i = 0; i < m.Segments.Count; i++)
        {
            var s = m.Segments[i];
            if (s.Discontinuity && i > 0) sb.Append("#EXT-X-DISCONTINUITY\n");
            if (s.MapUri != map)
            {
                sb.Append("#EXT-X-MAP:URI=\"").Append(s.MapUri).Append("\"\n");
                map = s.MapUri;
            }
            if (i == 0 || s.Discontinuity) sb.Append("#EXT-X-PROGRAM-DATE-TIME:").Append(s.ProgramDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", c)).Append('\n');
            if (!m.Ended && i >= partsFrom) AppendParts(sb, s.Parts, c);
            sb.Append("#EXTINF:").Append(F(s.Duration, c)).Append(",\n").Append(s.Uri).Append('\n');
        }
        if (m.Ended)
        {
            sb.Append("#EXT-X-ENDLIST\n");
            return sb.ToString();
        }
        if (m.OpenParts.Count > 0 || m.PreloadHintUri is not null)
        {
            if (m.OpenDiscontinuity && m.Segments.Count > 0) sb.Append("#EXT-X-DISCONTINUITY\n");
            if (m.OpenMapUri is { } openMap && openMap != map) sb.Append("#EXT-X-MAP:URI=\"").Append(openMap).Append("\"\n");
            if ((m.Segments.Count == 0 || m.OpenDiscontinuity) && m.OpenProgramDateTime is { } pdt)
                sb.Append("#EXT-X-PROGRAM-DATE-TIME:").Append(pdt.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", c)).Append('\n');
            AppendParts(sb, m.OpenParts, c);
        }
        if (m.PreloadHintUri is { } hint) sb.Append("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"").Append(hint).Append("\"\n");
        return sb.ToString();
    }

    private static long NextSequence(MediaPlaylistModel m) => m.Segments.Count > 0 ? m.Segments[^1].Sequence + 1 : 0;

    private static void AppendParts(StringBuilder sb, IReadOnlyList<PlaylistPart> parts, CultureInfo c)
    {
        foreach (var p in parts)
        {
            sb.Append("#EXT-X-PART:DURATION=").Append(F(p.Duration, c)).Append(",URI=\"").Append(p.Uri).Append('"');
            if (p.Independent) sb.Append(",INDEPENDENT=YES");
            sb.Append('\n');
        }
    }

    private static string F(double value, CultureInfo c) => value.ToString("0.000##", c);
}
