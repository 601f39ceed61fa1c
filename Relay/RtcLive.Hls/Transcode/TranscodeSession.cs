using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using RtcLive.Hls.Ingest;
using RtcLive.Hls.Packaging;

namespace RtcLive.Hls.Transcode;

/// <summary>
/// One run of ffmpeg for a room: frames in (as Matroska on stdin, starting at a keyframe), one fragmented MP4 stream
/// per rung out (over loopback TCP, into that rung's packager), speed read from its progress lines. A run that dies
/// is not restarted here: the room's worker starts the next one (a new generation, a new init segment).
/// </summary>
public sealed class TranscodeSession : IAsyncDisposable
{
    private const long SilenceAfterMs = 300;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);

    private readonly int _generation;
    private readonly string _ffmpeg;
    private readonly IReadOnlyList<LadderRung> _ladder;
    private readonly IReadOnlyList<RungPackager> _packagers;
    private readonly HlsOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<MediaFrame> _frames = Channel.CreateBounded<MediaFrame>(new BoundedChannelOptions(600) { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private Process? _process;
    private volatile bool _overflowed;
    private int _warnings;

    public TranscodeSession(int generation, string ffmpeg, IReadOnlyList<LadderRung> ladder, IReadOnlyList<RungPackager> packagers,
        HlsOptions options, ILogger logger)
    {
        _generation = generation;
        _ffmpeg = ffmpeg;
        _ladder = ladder;
        _packagers = packagers;
        _options = options;
        _logger = logger;
    }

    /// <summary>Completes when ffmpeg has exited and its outputs are read.</summary>
    public Task Exited => _exited.Task;

    /// <summary>ffmpeg's latest reported speed (1.0 = realtime); null before the first report.</summary>
    public double? Speed { get; private set; }

    public int? ProcessId => _process?.Id;

    /// <summary>Called when frames were dropped (ffmpeg fell behind) and the stream must resume at a keyframe.</summary>
    public Action? KeyframeNeeded { get; set; }

    /// <summary>Queues a frame for ffmpeg (the caller's frame is taken over: released here when it cannot be queued).</summary>
    public void Offer(MediaFrame frame)
    {
        if (_frames.Writer.TryWrite(frame)) return;
        frame.Release();
        if (!_overflowed)
        {
            _overflowed = true;
            _logger.LogWarning("ffmpeg run {Generation} falls behind the class (speed {Speed}): frames dropped, resuming at the next keyframe",
                _generation, Speed);
            KeyframeNeeded?.Invoke();
        }
    }

    public Task StartAsync(CancellationToken ct)
    {
        var listeners = new List<TcpListener>();
        foreach (var _ in _ladder)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start(1);
            listeners.Add(listener);
        }
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        var start = new ProcessStartInfo(_ffmpeg)
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string arg in FfmpegCommand.Build(_ladder, ports, _options)) start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{_ffmpeg} did not start");
        _process = process;
        _logger.LogInformation("ffmpeg run {Generation} started (pid {Pid}), rungs {Rungs}", _generation, process.Id, string.Join(", ", _ladder.Select(r => r.Name)));

        var readers = new List<Task>();
        for (int i = 0; i < listeners.Count; i++) readers.Add(ReadRungAsync(listeners[i], _packagers[i]));
        var writer = Task.Run(() => WriteFramesAsync(process.StandardInput.BaseStream));
        var stderr = Task.Run(() => ReadStderrAsync(process.StandardError));
        _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
        _ = Task.Run(async () =>
        {
            await process.WaitForExitAsync(CancellationToken.None);
            _frames.Writer.TryComplete();
            try
            {
                await Task.WhenAll(readers).WaitAsync(TimeSpan.FromSeconds(3));
            }
            catch (Exception)
            {
                // a rung that never connected, or a reader cut off: the run is over either way
            }
            foreach (var listener in listeners) listener.Stop();
            await Task.WhenAny(writer, stderr, Task.Delay(1000));
            _exited.TrySetResult();
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Ends the run cleanly: stdin closes, ffmpeg writes what it has and exits (killed if it lingers).</summary>
    public async Task StopAsync()
    {
        _frames.Writer.TryComplete();
        try
        {
            await _exited.Task.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            Kill();
            await _exited.Task.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
    }

    public void Kill()
    {
        try
        {
            if (_process is { HasExited: false } p) p.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    private async Task ReadRungAsync(TcpListener listener, RungPackager packager)
    {
        using var connect = new CancellationTokenSource(ConnectTimeout);
        using var client = await listener.AcceptTcpClientAsync(connect.Token);
        listener.Stop();
        await using var stream = client.GetStream();
        await foreach (var chunk in Fmp4StreamReader.ReadAsync(stream, _stopping.Token))
        {
            if (chunk.IsInit) packager.OnInit(_generation, chunk.Bytes);
            else packager.OnFragment(chunk.Bytes, chunk.MoofLength);
        }
    }

    private async Task WriteFramesAsync(Stream stdin)
    {
        var mkv = new MatroskaWriter(stdin);
        bool started = false;
        VideoCodec codec = VideoCodec.Vp8;
        long audioEnd = 0, lastRealAudio = long.MinValue / 2;
        try
        {
            await foreach (var frame in _frames.Reader.ReadAllAsync())
            {
                try
                {
                    if (_overflowed || !started)
                    {
                        if (!frame.IsVideo || !frame.IsKeyframe) continue;
                        if (!started)
                        {
                            mkv.WriteHeader(frame);
                            codec = frame.Codec;
                        }
                        started = true;
                        _overflowed = false;
                        audioEnd = frame.TimeMs;
                    }
                    if (frame.IsVideo && frame.Codec != codec)
                    {
                        // Another lead took over with another codec: this run's stream cannot carry it. Closing stdin
                        // ends ffmpeg, and the worker's next run starts from the new camera's keyframe.
                        _logger.LogInformation("ffmpeg run {Generation}: the camera changed from {Old} to {New}; starting a new run", _generation, codec, frame.Codec);
                        break;
                    }
                    long now = _clock.ElapsedMilliseconds;
                    if (frame.IsVideo)
                    {
                        // No microphone (or a muted one): silence keeps ffmpeg's audio/video interleaving from waiting.
                        if (now - lastRealAudio > SilenceAfterMs)
                            for (; audioEnd + MatroskaWriter.OpusSilenceMs <= frame.TimeMs; audioEnd += MatroskaWriter.OpusSilenceMs)
                                mkv.WriteSilence(audioEnd);
                        mkv.WriteVideo(frame);
                    }
                    else
                    {
                        lastRealAudio = now;
                        long at = Math.Max(frame.TimeMs, audioEnd);
                        mkv.WriteAudio(at, frame.Data);
                        audioEnd = at + MatroskaWriter.OpusSilenceMs;
                    }
                }
                finally
                {
                    frame.Release();
                }
            }
        }
        catch (IOException)
        {
            // ffmpeg went away: the worker sees the exit and starts the next run
        }
        finally
        {
            while (_frames.Reader.TryRead(out var left)) left.Release();
            try
            {
                stdin.Close();
            }
            catch (IOException)
            {
            }
        }
    }

    private async Task ReadStderrAsync(StreamReader stderr)
    {
        while (await stderr.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("speed=", StringComparison.Ordinal))
            {
                var text = line.AsSpan(6).TrimEnd('x').Trim();
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double speed)) Speed = speed;
            }
            // Browsers' H.264 comes full range (yuvj420p), and swscale says so for every scaler it sets up: not a problem.
            else if (!IsProgress(line) && !line.Contains("deprecated pixel format used", StringComparison.Ordinal) && _warnings++ < 20)
            {
                _logger.LogWarning("ffmpeg run {Generation}: {Line}", _generation, line);
            }
        }
    }

    /// <summary>-progress lines are <c>key=value</c> (frame=, fps=, bitrate= 486.3kbits/s, progress=…).</summary>
    private static bool IsProgress(string line)
    {
        int eq = line.IndexOf('=');
        return eq > 0 && line.AsSpan(0, eq).IndexOfAnyExcept("abcdefghijklmnopqrstuvwxyz0123456789_") < 0;
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        Kill();
        try
        {
            await _exited.Task.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
        }
        _process?.Dispose();
        _stopping.Dispose();
    }
}
