using RtcLive.Hls.Ingest;

namespace RtcLive.Hls.Tests;

/// <summary>
/// The ingest's keyframe handling on a camera it starts reading mid-stream, as a cluster pull does: its first
/// keyframe request can go unanswered, so it must keep asking until a keyframe comes, and start from that keyframe.
/// </summary>
public sealed class ClassMediaIngestTests
{
    [Fact]
    public async Task A_camera_joined_mid_stream_is_asked_again_for_a_keyframe_until_one_comes()
    {
        var frames = new List<MediaFrame>();
        var ingest = new ClassMediaIngest(frame => { lock (frames) frames.Add(frame); });
        var camera = new RecordingCamera();
        ingest.SetVideoSource(camera);
        Assert.Equal(1, camera.Requests); // the request made on choosing the camera: say its keyframe was missed

        // Delta frames only, for longer than the ingest's request interval (500 ms): it asks again, and forwards none.
        ushort sequence = 100;
        uint timestamp = 90_000;
        for (int i = 0; i < 8; i++)
        {
            ingest.OnVideoRtp(0, sequence++, timestamp += 3000, true, Vp8Frame(keyframe: false));
            await Task.Delay(100);
        }
        Assert.True(camera.Requests >= 2, $"the ingest asked for a keyframe {camera.Requests} time(s) in 800 ms of delta frames");
        lock (frames) Assert.Empty(frames);
        Assert.Equal(0, ingest.SourceHeight);
        Assert.Contains("8 frames completed, 0 keyframes, 8 frames dropped waiting for a keyframe", ingest.DescribeVideo());

        // The keyframe: the picture starts there, with its size.
        ingest.OnVideoRtp(0, sequence++, timestamp += 3000, true, Vp8Frame(keyframe: true, width: 640, height: 360));
        ingest.OnVideoRtp(0, sequence++, timestamp += 3000, true, Vp8Frame(keyframe: false));
        lock (frames)
        {
            Assert.Equal(2, frames.Count);
            Assert.True(frames[0].IsKeyframe);
            Assert.False(frames[1].IsKeyframe);
        }
        Assert.Equal((640, 360), (ingest.SourceWidth, ingest.SourceHeight));
    }

    /// <summary>A whole VP8 frame in one RTP payload: descriptor (S=1, partition 0), then the frame (RFC 6386 9.1).</summary>
    private static byte[] Vp8Frame(bool keyframe, int width = 0, int height = 0)
    {
        var payload = new byte[1 + 40];
        payload[0] = 0x10;
        payload[1] = (byte)(keyframe ? 0x00 : 0x01); // frame tag bit 0: 0 = keyframe
        if (keyframe)
        {
            payload[4] = 0x9d;
            payload[5] = 0x01;
            payload[6] = 0x2a;
            payload[7] = (byte)width;
            payload[8] = (byte)(width >> 8);
            payload[9] = (byte)height;
            payload[10] = (byte)(height >> 8);
        }
        return payload;
    }

    private sealed class RecordingCamera : IVideoSourceControl
    {
        private int _requests;

        public int Requests => Volatile.Read(ref _requests);

        public VideoCodec Codec => VideoCodec.Vp8;

        public int LayerCount => 1;

        public bool IsLayerActive(int layer) => layer == 0;

        public void RequestKeyframe(int layer) => Interlocked.Increment(ref _requests);
    }
}
