namespace RtcLive.Sfu.Tests.Forwarding;

/// <summary>
/// One publisher's VP8 encoding (a simulcast layer) at 30 frames/s: every call to <see cref="Frame"/> yields
/// the packets of the next frame, with its own SSRC, sequence numbers, timestamp, picture id and
/// TL0PICIDX (every frame is on temporal layer 0 here).
/// </summary>
internal sealed class Vp8TestStream(uint ssrc, ushort firstSequenceNumber, uint firstTimestamp, ushort firstPictureId,
    byte firstTl0PicIdx, int pictureIdBits = 15)
{
    public const uint TicksPerFrame = 3000;

    public uint Ssrc { get; } = ssrc;
    public ushort NextSequenceNumber { get; private set; } = firstSequenceNumber;
    public uint NextTimestamp { get; private set; } = firstTimestamp;
    public ushort NextPictureId { get; private set; } = firstPictureId;
    public byte NextTl0PicIdx { get; private set; } = firstTl0PicIdx;

    public byte[][] Frame(bool keyframe, int packets = 2)
    {
        var frame = new byte[packets][];
        for (int i = 0; i < packets; i++)
            frame[i] = TestPackets.Vp8(Ssrc, NextSequenceNumber++, NextTimestamp, NextPictureId, NextTl0PicIdx, keyframe,
                startOfFrame: i == 0, pictureIdBits, marker: i == packets - 1);
        NextTimestamp += TicksPerFrame;
        NextPictureId = (ushort)((NextPictureId + 1) & (pictureIdBits == 15 ? 0x7FFF : 0x7F));
        NextTl0PicIdx++;
        return frame;
    }
}
