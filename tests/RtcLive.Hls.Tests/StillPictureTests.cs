using RtcLive.Hls.Ingest;

namespace RtcLive.Hls.Tests;

/// <summary>
/// A camera muted mid-class (its packets stop, the microphone goes on) must not stall the transcode: the ingest
/// repeats the last keyframe as a still picture, timed on, until the camera's next keyframe takes over. A camera that
/// is only late (not muted) keeps its own timing: nothing is repeated for it.
/// </summary>
public sealed class StillPictureTests
{
    private sealed class Camera : IVideoSourceControl
    {
        public int KeyframeRequests;

        public int LayerCount => 1;

        public bool IsLayerActive(int layer) => true;

        public void RequestKeyframe(int layer) => Interlocked.Increment(ref KeyframeRequests);
    }

    /// <summary>One-packet VP8 frames: a payload descriptor (S=1, partition 0), then the frame (RFC 6386 9.1 for a keyframe).</summary>
    private static byte[] Vp8(bool key, byte mark)
    {
        var payload = new byte[40];
        payload[0] = 0x10;                 // S=1, partition 0, no extensions
        payload[1] = (byte)(key ? 0x00 : 0x01); // frame tag: bit 0 clear = keyframe
        if (key)
        {
            payload[4] = 0x9d; payload[5] = 0x01; payload[6] = 0x2a; // start code
            payload[7] = 640 & 0xff; payload[8] = 640 >> 8;          // width
            payload[9] = 360 & 0xff; payload[10] = 360 >> 8;         // height
        }
        payload[^1] = mark;
        return payload;
    }

    [Fact]
    public async Task A_silent_camera_becomes_a_still_picture_until_its_next_keyframe()
    {
        var frames = new List<MediaFrame>();
        var ingest = new ClassMediaIngest(f => { lock (frames) frames.Add(f); });
        var camera = new Camera();
        ingest.SetVideoSource(camera);
        ushort seq = 100;
        uint ts = 9000;
        ingest.OnVideoRtp(0, seq++, ts, true, Vp8(key: true, mark: 1));
        ingest.OnVideoRtp(0, seq++, ts += 3000, true, Vp8(key: false, mark: 2));

        // A camera late but not muted: no still.
        await Task.Delay(TimeSpan.FromMilliseconds(ClassMediaIngest.StillAfterMs + 100));
        ingest.RepeatStillIfCameraSilent();
        Assert.Equal(0, ingest.StillFrames);
        ingest.OnVideoRtp(0, seq++, ts += 3000, true, Vp8(key: true, mark: 1));

        // Muted, talking on: nothing before StillAfterMs, then stills at the still interval.
        ingest.SetCameraMuted(true);
        ingest.RepeatStillIfCameraSilent();
        Assert.Equal(0, ingest.StillFrames);
        var until = DateTime.UtcNow + TimeSpan.FromMilliseconds(ClassMediaIngest.StillAfterMs + 5 * ClassMediaIngest.StillIntervalMs + 100);
        while (DateTime.UtcNow < until)
        {
            ingest.OnAudioRtp((uint)(ingest.NowMs * 48), [1, 2, 3]);
            ingest.RepeatStillIfCameraSilent();
            await Task.Delay(20);
        }
        List<MediaFrame> video;
        lock (frames) video = frames.Where(f => f.IsVideo).ToList();
        var stills = video.GetRange(3, video.Count - 3);
        Assert.InRange(stills.Count, 4, 7);
        Assert.All(stills, f =>
        {
            Assert.True(f.IsKeyframe);
            Assert.Equal((640, 360), (f.Width, f.Height));
            Assert.Equal(1, f.Data[^1]); // the camera's last keyframe, not its later delta frame
        });
        for (int i = 1; i < video.Count; i++) Assert.True(video[i].TimeMs > video[i - 1].TimeMs, "video times go forward");
        Assert.True(stills[^1].TimeMs - video[2].TimeMs >= ClassMediaIngest.StillAfterMs, "the stills are timed as if the camera went on");

        // The camera comes back: its delta frames wait for a keyframe (asked for), which takes over, later than every still.
        ingest.SetCameraMuted(false);
        int requests = camera.KeyframeRequests;
        long beforeBack = ingest.StillFrames;
        ingest.OnVideoRtp(0, seq++, ts += 90000, true, Vp8(key: false, mark: 3));
        Assert.True(camera.KeyframeRequests > requests, "no keyframe asked for after the stills");
        ingest.OnVideoRtp(0, seq++, ts += 3000, true, Vp8(key: true, mark: 4));
        ingest.OnVideoRtp(0, seq++, ts += 3000, true, Vp8(key: false, mark: 5));
        ingest.RepeatStillIfCameraSilent();
        Assert.Equal(beforeBack, ingest.StillFrames);
        lock (frames) video = frames.Where(f => f.IsVideo).ToList();
        Assert.Equal([4, 5], video.TakeLast(2).Select(f => (int)f.Data[^1]));
        Assert.DoesNotContain(video, f => f.Data[^1] == 3);
        Assert.True(video[^2].TimeMs > stills[^1].TimeMs);
        // Not squeezed behind the stills: the camera's own 33 ms between its frames holds again.
        Assert.Equal(33, video[^1].TimeMs - video[^2].TimeMs);
        foreach (var f in frames) f.Release();
    }
}
