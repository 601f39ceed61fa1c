using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using RtcLive.WebRtc.Client;
using RtcLive.WebRtc.Rtp;

namespace RtcLive.SfuNode.Tests;

/// <summary>
/// A presenter's real media: ffmpeg encodes a VP8 (or H.264, RFC 6184 mode 1) test picture and an Opus tone as RTP to loopback, and each
/// packet goes out on the presenter's published streams (its SSRC, payload type and mid header extension), as a
/// browser would send them. Decodable end to end, so a transcode downstream has something real to work on.
/// </summary>
internal sealed class FfmpegPresenterMedia : IDisposable
{
    private readonly UdpClient _video = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly UdpClient _audio = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly Process _ffmpeg;
    private readonly ClientPeer _peer;

    public FfmpegPresenterMedia(ClientPeer peer, NegotiatedMedia video, NegotiatedMedia audio, int width = 640, int height = 360, bool h264 = false)
    {
        string[] encoder = h264
            ? ["-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-profile:v", "baseline", "-pix_fmt", "yuv420p"]
            : ["-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8"];
        _peer = peer;
        int videoPort = ((IPEndPoint)_video.Client.LocalEndPoint!).Port, audioPort = ((IPEndPoint)_audio.Client.LocalEndPoint!).Port;
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in (string[])[
            "-hide_banner", "-loglevel", "error", "-nostdin",
            "-re", "-f", "lavfi", "-i", $"testsrc=size={width}x{height}:rate=30",
            "-re", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
            "-t", "120",
            "-map", "0:v", .. encoder, "-b:v", "800k", "-g", "30", "-an",
            "-f", "rtp", "-payload_type", "96", $"rtp://127.0.0.1:{videoPort}?pkt_size=1100",
            "-map", "1:a", "-c:a", "libopus", "-b:a", "64k", "-vn",
            "-f", "rtp", "-payload_type", "111", $"rtp://127.0.0.1:{audioPort}?pkt_size=1100"]) start.ArgumentList.Add(a);
        _ffmpeg = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start");
        _ = _ffmpeg.StandardError.ReadToEndAsync();
        _ = ForwardAsync(_video, video);
        _ = ForwardAsync(_audio, audio);
    }

    /// <summary>Packets sent on the presenter's streams so far.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    private long _sent;

    private async Task ForwardAsync(UdpClient socket, NegotiatedMedia media)
    {
        var buffer = new byte[1500];
        byte[] mid = Encoding.ASCII.GetBytes(media.Mid);
        uint ssrc = media.LocalSsrc ?? throw new InvalidOperationException($"m-line {media.Mid} has no SSRC of ours");
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var received = await socket.ReceiveAsync(_stop.Token);
                Send(received.Buffer, buffer, media, mid, ssrc);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void Send(byte[] datagram, byte[] buffer, NegotiatedMedia media, byte[] mid, uint ssrc)
    {
        if (!RtpHeader.TryParse(datagram, out var header)) return;
        Span<byte> block = stackalloc byte[16];
        var extensions = new RtpHeaderExtensionWriter(block, RtpExtensionForm.OneByte);
        extensions.TryAdd(media.MidExtensionId, mid);
        int blockLength = extensions.Finish();
        var fields = new RtpHeaderFields(media.PayloadType, header.SequenceNumber, header.Timestamp, ssrc, header.Marker);
        int written = RtpHeaderWriter.Write(buffer, fields, default, block[..blockLength]);
        if (written + header.Payload.Length > buffer.Length) return;
        header.Payload.CopyTo(buffer.AsSpan(written));
        if (_peer.SendRtp(buffer.AsSpan(0, written + header.Payload.Length))) Interlocked.Increment(ref _sent);
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
        _ffmpeg.Dispose();
        _video.Dispose();
        _audio.Dispose();
    }
}
