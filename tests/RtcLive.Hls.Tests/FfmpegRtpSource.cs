using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using RtcLive.Hls.Ingest;
using RtcLive.WebRtc.Rtp;

namespace RtcLive.Hls.Tests;

/// <summary>
/// A stand-in for a presenter: ffmpeg sends a 1280x720 30 fps test picture (VP8, or H.264 as RFC 6184 packetization
/// mode 1, which is ffmpeg's RTP muxer's: single NAL units, FU-A) and an Opus tone as RTP to loopback, and the packets
/// go into the ingest as the node's tap would hand them over (one layer).
/// </summary>
internal sealed class FfmpegRtpSource(int width = 1280, int height = 720, VideoCodec codec = VideoCodec.Vp8) : IHlsMediaSource
{
    public IDisposable Open(string room, ClassMediaIngest ingest) => new Feed(ingest, width, height, codec);

    private sealed class Feed : IDisposable, IVideoSourceControl
    {
        private readonly UdpClient _video = new(new IPEndPoint(IPAddress.Loopback, 0));
        private readonly UdpClient _audio = new(new IPEndPoint(IPAddress.Loopback, 0));
        private readonly CancellationTokenSource _stop = new();
        private readonly Process _ffmpeg;

        public Feed(ClassMediaIngest ingest, int width, int height, VideoCodec codec)
        {
            Codec = codec;
            ingest.SetVideoSource(this);
            // x264 as a browser's H.264 encoder would be set: constrained baseline, parameter sets before every IDR.
            string[] encoder = codec == VideoCodec.H264
                ? ["-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-profile:v", "baseline", "-pix_fmt", "yuv420p"]
                : ["-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8"];
            int videoPort = ((IPEndPoint)_video.Client.LocalEndPoint!).Port, audioPort = ((IPEndPoint)_audio.Client.LocalEndPoint!).Port;
            var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
            foreach (string a in (string[])[
                "-hide_banner", "-loglevel", "error", "-nostdin",
                "-re", "-f", "lavfi", "-i", $"testsrc=size={width}x{height}:rate=30",
                "-re", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", "60",
                "-map", "0:v", .. encoder, "-b:v", "1500k", "-g", "30", "-an",
                "-f", "rtp", "-payload_type", "96", $"rtp://127.0.0.1:{videoPort}?pkt_size=1200",
                "-map", "1:a", "-c:a", "libopus", "-b:a", "64k", "-vn",
                "-f", "rtp", "-payload_type", "111", $"rtp://127.0.0.1:{audioPort}?pkt_size=1200"]) start.ArgumentList.Add(a);
            _ffmpeg = Process.Start(start)!;
            _ = _ffmpeg.StandardError.ReadToEndAsync();
            _ = ReceiveAsync(_video, (in RtpHeader h) => ingest.OnVideoRtp(0, h.SequenceNumber, h.Timestamp, h.Marker, h.Payload));
            _ = ReceiveAsync(_audio, (in RtpHeader h) => ingest.OnAudioRtp(h.Timestamp, h.Payload));
        }

        private delegate void OnPacket(in RtpHeader header);

        private async Task ReceiveAsync(UdpClient socket, OnPacket onPacket)
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var result = await socket.ReceiveAsync(_stop.Token);
                    if (RtpHeader.TryParse(result.Buffer, out var header)) onPacket(header);
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
        }

        public VideoCodec Codec { get; }

        public int LayerCount => 1;

        public bool IsLayerActive(int layer) => true;

        public void RequestKeyframe(int layer)
        {
            // ffmpeg sends a keyframe every second anyway
        }

        public void Dispose()
        {
            _stop.Cancel();
            try
            {
                _ffmpeg.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }
            _video.Dispose();
            _audio.Dispose();
        }
    }
}
