using System.Globalization;
using System.Text;

namespace RtcLive.Hls.Transcode;

/// <summary>
/// ffmpeg's arguments for one room: Matroska (VP8 or H.264, and Opus) on stdin; per rung H.264 (x264, zero latency, keyframes
/// forced on the segment grid so every rung cuts at the same instants) and AAC, as fragmented MP4 with a fragment
/// about every part, each rung to its own TCP connection back to us. ffmpeg 5.1 cannot write LL-HLS playlists: we
/// write them from these fragments. Progress (speed) comes as key=value lines on stderr.
/// </summary>
public static class FfmpegCommand
{
    public static IReadOnlyList<string> Build(IReadOnlyList<LadderRung> ladder, IReadOnlyList<int> ports, HlsOptions options)
    {
        var c = CultureInfo.InvariantCulture;
        var args = new List<string>
        {
            "-hide_banner", "-nostdin", "-loglevel", "warning", "-nostats", "-progress", "pipe:2", "-stats_period", "1",
            // A live pipe: little probing (the Matroska header says what the tracks are). Not +nobuffer: it throws away
            // the packets read while probing, the first keyframe among them, and VP8 then discards every frame until
            // the next. One decoder thread: frame threads would add a frame of delay each.
            "-probesize", "65536", "-analyzeduration", "0", "-threads", "1",
            "-f", "matroska", "-i", "pipe:0",
        };
        var graph = new StringBuilder($"[0:v]split={ladder.Count}");
        for (int i = 0; i < ladder.Count; i++) graph.Append($"[s{i}]");
        for (int i = 0; i < ladder.Count; i++)
            graph.Append($";[s{i}]scale={ladder[i].Width}:{ladder[i].Height}:flags=bilinear,format=yuv420p[v{i}]");
        args.AddRange(["-filter_complex", graph.ToString()]);

        long partUs = (long)(options.PartSeconds * 1_000_000 * 0.75);
        string keyframes = $"expr:gte(t,n_forced*{options.SegmentSeconds.ToString(c)})";
        for (int i = 0; i < ladder.Count; i++)
        {
            var rung = ladder[i];
            args.AddRange([
                "-map", $"[v{i}]", "-map", "0:a?",
                "-r", options.FrameRate.ToString(c),
                "-c:v", "libx264", "-preset", options.Preset, "-tune", "zerolatency", "-profile:v", "high", "-level:v", "4.0",
                "-force_key_frames", keyframes, "-g", "600", "-sc_threshold", "0",
                "-b:v", $"{rung.VideoKbps}k", "-maxrate", $"{rung.VideoKbps}k", "-bufsize", $"{rung.VideoKbps}k",
                "-c:a", "aac", "-b:a", $"{options.AudioKbps}k", "-ar", "48000", "-ac", "2",
                "-video_track_timescale", "90000",
                "-f", "mp4", "-movflags", "frag_keyframe+empty_moov+default_base_moof", "-frag_duration", partUs.ToString(c),
                $"tcp://127.0.0.1:{ports[i]}",
            ]);
        }
        return args;
    }
}
