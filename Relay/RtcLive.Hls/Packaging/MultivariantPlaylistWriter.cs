using System.Text;
using RtcLive.Hls.Transcode;

namespace RtcLive.Hls.Packaging;

/// <summary>
/// The multivariant playlist: one STREAM-INF per rung, best first. Codecs are what ffmpeg is told to make (x264
/// High at level 4.0, AAC-LC), so the playlist can be written before the first init segment exists.
/// </summary>
public static class MultivariantPlaylistWriter
{
    public const string Codecs = "avc1.640028,mp4a.40.2";

    public static string Write(IReadOnlyList<LadderRung> ladder, string pathPrefix, int audioKbps, string mediaPlaylist = "index.m3u8")
    {
        var sb = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        foreach (var rung in ladder)
        {
            int bandwidth = (rung.VideoKbps + audioKbps) * 1000 * 6 / 5; // peak: rate control overshoots a little
            sb.Append("#EXT-X-STREAM-INF:BANDWIDTH=").Append(bandwidth)
                .Append(",AVERAGE-BANDWIDTH=").Append((rung.VideoKbps + audioKbps) * 1000)
                .Append(",RESOLUTION=").Append(rung.Width).Append('x').Append(rung.Height)
                .Append(",CODECS=\"").Append(Codecs).Append("\"\n")
                .Append(pathPrefix).Append(rung.Name).Append('/').Append(mediaPlaylist).Append('\n');
        }
        return sb.ToString();
    }
}
