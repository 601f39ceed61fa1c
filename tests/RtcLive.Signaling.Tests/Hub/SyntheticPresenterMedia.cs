using System.Text;
using RtcLive.WebRtc.Client;
using RtcLive.WebRtc.Rtp;

namespace RtcLive.Signaling.Tests.Hubs;

/// <summary>
/// What a presenter's browser sends, in miniature: VP8-shaped keyframes on each simulcast layer (mid and rid header
/// extensions, a VP8 payload descriptor with a picture id, a byte naming the layer) and Opus-sized audio packets.
/// </summary>
internal sealed class SyntheticPresenterMedia(ClientPeer peer, NegotiatedMedia video, NegotiatedMedia audio)
{
    public const int VideoPayloadLength = 300;
    public const int LayerMarkerOffset = 5;

    private readonly uint[] _videoSsrcs = [0x1111_0001, 0x1111_0002, 0x1111_0003];
    private readonly ushort[] _videoSequence = new ushort[3];
    private readonly ushort[] _pictureId = [10, 1000, 20000];
    private readonly byte[] _buffer = new byte[1500];
    private readonly uint _audioSsrc = audio.LocalSsrc ?? 0x2222_0001;
    private ushort _audioSequence;

    /// <summary>One single-packet keyframe on every layer and one audio packet; frame advances the timestamps.</summary>
    public void SendFrame(int frame)
    {
        for (int layer = 0; layer < video.LocalRids.Count; layer++) SendVideo(layer, frame);
        SendAudio(frame);
    }

    private void SendVideo(int layer, int frame)
    {
        Span<byte> block = stackalloc byte[32];
        var extensions = new RtpHeaderExtensionWriter(block, RtpExtensionForm.OneByte);
        extensions.TryAdd(video.MidExtensionId, Encoding.ASCII.GetBytes(video.Mid));
        extensions.TryAdd(video.RidExtensionId, Encoding.ASCII.GetBytes(video.LocalRids[layer]));
        int blockLength = extensions.Finish();

        var fields = new RtpHeaderFields(video.PayloadType, _videoSequence[layer]++, (uint)(frame * 3000), _videoSsrcs[layer], Marker: true);
        int header = RtpHeaderWriter.Write(_buffer, fields, default, block[..blockLength]);
        var payload = _buffer.AsSpan(header, VideoPayloadLength);
        payload.Clear();
        ushort pictureId = (ushort)(_pictureId[layer]++ & 0x7FFF);
        payload[0] = 0x90;                            // X=1, S=1, partition 0
        payload[1] = 0x80;                            // I: picture id present
        payload[2] = (byte)(0x80 | (pictureId >> 8)); // M=1: 15-bit picture id
        payload[3] = (byte)pictureId;
        payload[4] = 0x00;                            // VP8 payload header, P=0: a keyframe
        payload[LayerMarkerOffset] = (byte)layer;
        peer.SendRtp(_buffer.AsSpan(0, header + VideoPayloadLength));
    }

    private void SendAudio(int frame)
    {
        Span<byte> block = stackalloc byte[16];
        var extensions = new RtpHeaderExtensionWriter(block, RtpExtensionForm.OneByte);
        extensions.TryAdd(audio.MidExtensionId, Encoding.ASCII.GetBytes(audio.Mid));
        int blockLength = extensions.Finish();

        var fields = new RtpHeaderFields(audio.PayloadType, _audioSequence++, (uint)(frame * 960), _audioSsrc, Marker: false);
        int header = RtpHeaderWriter.Write(_buffer, fields, default, block[..blockLength]);
        _buffer.AsSpan(header, 60).Fill(0x55);
        peer.SendRtp(_buffer.AsSpan(0, header + 60));
    }

    /// <summary>Sends a frame every 20 ms until cancelled.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        for (int frame = 0; !ct.IsCancellationRequested; frame++)
        {
            SendFrame(frame);
            try
            {
                await Task.Delay(20, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
