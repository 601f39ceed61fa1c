using System.Diagnostics;

namespace RtcLive.Hls.Ingest;

/// <summary>
/// Turns a class's camera (VP8 or H.264, every simulcast layer) and microphone RTP into whole frames on one clock, for the
/// transcoder. It follows the best layer that flows: it moves up on a keyframe of a higher active layer and down
/// when its layer stops, and asks the publisher for keyframes whenever it needs one (start, loss, a layer to move
/// to, a restarted transcoder). Packets arrive on media receive threads; one lock keeps the state consistent
/// (taps only run for rooms someone watches over HLS).
/// </summary>
public sealed class ClassMediaIngest
{
    private const long KeyframeRequestIntervalMs = 500;
    private const long UpgradeProbeIntervalMs = 3000;

    private readonly object _gate = new();
    private readonly Action<MediaFrame> _output;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private IVideoDepacketizer[] _depacketizers = [];
    private VideoCodec _codec;
    private RtpClock[] _videoClocks = [];
    private readonly RtpClock _audioClock = new(48000);
    private IVideoSourceControl? _video;
    private int _layer = -1;
    private bool _needKeyframe = true;
    private long _lastVideoMs;
    private long _lastKeyframeRequestMs = -KeyframeRequestIntervalMs;
    private long _lastUpgradeProbeMs;

    private long _videoPackets, _videoFrames, _keyframes, _framesWithoutKeyframe, _keyframeRequests;

    public ClassMediaIngest(Action<MediaFrame> output) => _output = output;

    /// <summary>What the video path has seen so far, for logs when it stalls: packets, frames, keyframes, frames
    /// dropped while waiting for a keyframe, keyframe requests made.</summary>
    public string DescribeVideo()
    {
        lock (_gate)
            return $"{_videoPackets} video packets, {_videoFrames} frames completed, {_keyframes} keyframes, " +
                $"{_framesWithoutKeyframe} frames dropped waiting for a keyframe, {_keyframeRequests} keyframe requests";
    }

    public long NowMs => _clock.ElapsedMilliseconds;

    /// <summary>The source picture size of the latest keyframe forwarded (0 before the first).</summary>
    public int SourceWidth { get; private set; }

    public int SourceHeight { get; private set; }

    /// <summary>The codec of the latest keyframe forwarded.</summary>
    public VideoCodec SourceCodec { get; private set; }

    /// <summary>The camera to read from now on (null: none; frames stop until another arrives).</summary>
    public void SetVideoSource(IVideoSourceControl? video)
    {
        lock (_gate)
        {
            _video = video;
            int layers = video?.LayerCount ?? 0;
            _codec = video?.Codec ?? VideoCodec.Vp8;
            _depacketizers = new IVideoDepacketizer[layers];
            _videoClocks = new RtpClock[layers];
            for (int i = 0; i < layers; i++)
            {
                _depacketizers[i] = _codec == VideoCodec.H264 ? new H264Depacketizer() : new Vp8Depacketizer();
                _videoClocks[i] = new RtpClock(90000);
            }
            _layer = -1;
            _needKeyframe = true;
        }
        RequestKeyframe(force: true);
    }

    /// <summary>The next video frame forwarded must be a keyframe (a transcoder (re)started); asks the publisher for one.</summary>
    public void NeedKeyframe()
    {
        lock (_gate) _needKeyframe = true;
        RequestKeyframe(force: true);
    }

    public void OnVideoRtp(int layer, ushort sequence, uint timestamp, bool marker, ReadOnlySpan<byte> payload)
    {
        MediaFrame? frame = null;
        bool wantKeyframe = false;
        lock (_gate)
        {
            if (layer < 0 || layer >= _depacketizers.Length) return;
            _videoPackets++;
            var depacketizer = _depacketizers[layer];
            if (!depacketizer.Push(sequence, timestamp, marker, payload, out var data)) return;
            long now = NowMs;
            bool key = depacketizer.IsKeyframe(data, out int width, out int height);
            _videoFrames++;
            if (key)
            {
                _keyframes++;
                depacketizer.Damaged = false;
            }
            if (layer != _layer && !(key && ShouldSwitchTo(layer)))
            {
                // Another layer's frame, or a delta before the first keyframe. On no layer yet nothing reaches the
                // transcoder until a keyframe comes, so keep asking: the request made when the camera was chosen can
                // go unanswered (its keyframe may arrive before the pull reads the stream, and the publisher's
                // limiter counts that one as the answer).
                if (_layer < 0)
                {
                    _framesWithoutKeyframe++;
                    wantKeyframe = true;
                }
            }
            else
            {
                if (layer != _layer)
                {
                    if (_layer >= 0) _videoClocks[layer].Continue(_lastVideoMs + 1);
                    _layer = layer;
                }
                if (depacketizer.Damaged || (_needKeyframe && !key))
                {
                    _framesWithoutKeyframe++;
                    wantKeyframe = true;
                }
                else
                {
                    _needKeyframe = false;
                    long ms = _videoClocks[layer].ToMs(timestamp, now);
                    _lastVideoMs = ms;
                    if (key)
                    {
                        SourceWidth = width;
                        SourceHeight = height;
                        SourceCodec = _codec;
                    }
                    frame = MediaFrame.Copy(true, ms, key, data, width, height, _codec);
                }
            }
            wantKeyframe |= WantsUpgrade(now);
        }
        if (frame is not null) _output(frame);
        if (wantKeyframe) RequestKeyframe(force: false);
    }

    public void OnAudioRtp(uint timestamp, ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty) return;
        MediaFrame frame;
        lock (_gate) frame = MediaFrame.Copy(false, _audioClock.ToMs(timestamp, NowMs), true, payload);
        _output(frame);
    }

    /// <summary>Up to any higher layer that flows; to any layer at all when ours stopped or none is chosen.</summary>
    private bool ShouldSwitchTo(int layer) =>
        _layer < 0 || layer > _layer || _video is not { } video || !video.IsLayerActive(_layer);

    private bool WantsUpgrade(long now)
    {
        if (_video is not { } video || now - _lastUpgradeProbeMs < UpgradeProbeIntervalMs) return false;
        _lastUpgradeProbeMs = now;
        for (int l = video.LayerCount - 1; l >= 0; l--)
            if (video.IsLayerActive(l)) return l != _layer;
        return false;
    }

    private void RequestKeyframe(bool force)
    {
        IVideoSourceControl? video;
        lock (_gate)
        {
            long now = NowMs;
            if (!force && now - _lastKeyframeRequestMs < KeyframeRequestIntervalMs) return;
            _lastKeyframeRequestMs = now;
            video = _video;
            if (video is not null) _keyframeRequests++;
        }
        if (video is null) return;
        // The best active layer (the one to move to), and ours if it still flows.
        int best = -1;
        for (int l = video.LayerCount - 1; l >= 0 && best < 0; l--)
            if (video.IsLayerActive(l)) best = l;
        video.RequestKeyframe(best < 0 ? video.LayerCount - 1 : best);
        int current = _layer;
        if (current >= 0 && current != best) video.RequestKeyframe(current);
    }
}
