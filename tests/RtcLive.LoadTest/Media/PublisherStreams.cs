using System.Text;
using RtcLive.WebRtc.Client;
using RtcLive.WebRtc.Rtp;

namespace RtcLive.LoadTest.Media;

/// <summary>
/// One publisher's synthetic camera and microphone: VP8 simulcast frames on every layer (mid and rid header
/// extensions, picture ids, frames split into packets of at most <see cref="MaxPayload"/> bytes) and Opus-sized
/// audio, each packet ending in a <see cref="ProbeTrailer"/> stamped just before it is sent.
/// </summary>
internal sealed class PublisherStreams
{
    /// <summary>Payload bytes per packet: with header and SRTP tag a packet stays near the 1200 bytes browsers send.</summary>
    public const int MaxPayload = 1140;
    public const int MaxPacketsPerFrame = 64;
    public const int AudioPayloadBytes = 80; // Opus at about 32 kbit/s

    private readonly ClientPeer _peer;
    private readonly NegotiatedMedia _video;
    private readonly NegotiatedMedia _audio;
    private readonly IReadOnlyList<LayerSpec> _layers;
    private readonly ushort _publisher;
    private readonly FrameSizeModel[] _sizes;
    private readonly uint[] _ssrcs;
    private readonly ushort[] _sequence;
    private readonly ushort[] _pictureIds;
    private readonly byte[][] _ridBytes;
    private readonly byte[] _midVideo;
    private readonly byte[] _midAudio;
    private readonly uint _audioSsrc;
    private ushort _audioSequence;
    private readonly byte[] _buffer = new byte[1500];
    private long _packetsSent;

    public PublisherStreams(ClientPeer peer, NegotiatedMedia video, NegotiatedMedia audio, IReadOnlyList<LayerSpec> layers, int publisher)
    {
        _peer = peer;
        _video = video;
        _audio = audio;
        _layers = layers;
        _publisher = (ushort)publisher;
        int count = Math.Min(layers.Count, Math.Max(1, video.LocalRids.Count));
        _sizes = new FrameSizeModel[count];
        _ssrcs = new uint[count];
        _sequence = new ushort[count];
        _pictureIds = new ushort[count];
        _ridBytes = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            _sizes[i] = new FrameSizeModel(layers[i].BitsPerSecond, seed: publisher * 16 + i);
            _ssrcs[i] = video.LocalRids.Count > 0 ? (uint)(0x5100_0000 + publisher * 16 + i) : video.LocalSsrc ?? 0x5100_0000;
            _pictureIds[i] = (ushort)(i * 5000);
            _ridBytes[i] = video.LocalRids.Count > 0 ? Encoding.ASCII.GetBytes(video.LocalRids[i]) : [];
        }
        _midVideo = Encoding.ASCII.GetBytes(video.Mid);
        _midAudio = Encoding.ASCII.GetBytes(audio.Mid);
        _audioSsrc = audio.LocalSsrc ?? (uint)(0x5200_0000 + publisher);
    }

    public long PacketsSent => Interlocked.Read(ref _packetsSent);

    /// <summary>Sends frame number <paramref name="frame"/> on every layer (called at 30 frames per second).</summary>
    public void SendVideoFrame(long frame)
    {
        bool keyframe = FrameSizeModel.IsKeyframe(frame);
        for (int layer = 0; layer < _sizes.Length; layer++)
        {
            int frameBytes = _sizes[layer].NextSize(frame);
            int packets = Math.Clamp((frameBytes + MaxPayload - 1) / MaxPayload, 1, MaxPacketsPerFrame);
            int perPacket = frameBytes / packets;
            ushort pictureId = _pictureIds[layer]++;
            for (int index = 0; index < packets; index++)
                SendVideoPacket(layer, frame, keyframe, pictureId, index, packets, perPacket);
        }
    }

    private void SendVideoPacket(int layer, long frame, bool keyframe, ushort pictureId, int index, int packets, int payloadBytes)
    {
        Span<byte> block = stackalloc byte[32];
        var extensions = new RtpHeaderExtensionWriter(block, RtpExtensionForm.OneByte);
        if (_video.MidExtensionId != 0) extensions.TryAdd(_video.MidExtensionId, _midVideo);
        if (_video.RidExtensionId != 0 && _ridBytes[layer].Length > 0) extensions.TryAdd(_video.RidExtensionId, _ridBytes[layer]);
        int blockLength = extensions.Finish();

        bool last = index == packets - 1;
        var fields = new RtpHeaderFields(_video.PayloadType, _sequence[layer]++, (uint)(frame * 3000), _ssrcs[layer], Marker: last);
        int header = RtpHeaderWriter.Write(_buffer, fields, default, block[..blockLength]);
        int length = Math.Max(payloadBytes, Vp8PayloadWriter.DescriptorLength + Vp8PayloadWriter.KeyframeHeaderLength + ProbeTrailer.Length);
        var payload = _buffer.AsSpan(header, length);
        var spec = _layers[layer];
        int written = Vp8PayloadWriter.Write(payload, pictureId, index == 0, keyframe, spec.Width, spec.Height, payloadBytes * packets);
        payload[written..^ProbeTrailer.Length].Fill(0xA5);
        new ProbeTrailer((byte)(layer + 1), keyframe, _publisher, (byte)index, (byte)packets, (uint)frame, LoadClock.NowMicros).WriteTo(payload);
        if (_peer.SendRtp(_buffer.AsSpan(0, header + length))) Interlocked.Increment(ref _packetsSent);
    }

    /// <summary>Sends audio packet number <paramref name="packet"/> (called at 50 packets per second).</summary>
    public void SendAudio(long packet)
    {
        Span<byte> block = stackalloc byte[16];
        var extensions = new RtpHeaderExtensionWriter(block, RtpExtensionForm.OneByte);
        if (_audio.MidExtensionId != 0) extensions.TryAdd(_audio.MidExtensionId, _midAudio);
        int blockLength = extensions.Finish();

        var fields = new RtpHeaderFields(_audio.PayloadType, _audioSequence++, (uint)(packet * 960), _audioSsrc, Marker: false);
        int header = RtpHeaderWriter.Write(_buffer, fields, default, block[..blockLength]);
        var payload = _buffer.AsSpan(header, AudioPayloadBytes);
        payload[..^ProbeTrailer.Length].Fill(0x55);
        new ProbeTrailer(ProbeTrailer.AudioKind, false, _publisher, 0, 1, (uint)packet, LoadClock.NowMicros).WriteTo(payload);
        if (_peer.SendRtp(_buffer.AsSpan(0, header + AudioPayloadBytes))) Interlocked.Increment(ref _packetsSent);
    }
}
