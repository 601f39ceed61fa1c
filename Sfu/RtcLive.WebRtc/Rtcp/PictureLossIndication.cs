namespace RtcLive.WebRtc.Rtcp;

/// <summary>PLI (RFC 4585 §6.3.1, PSFB FMT 1): asks the media source for a keyframe. No FCI.</summary>
public readonly ref struct PictureLossIndication
{
    public const int Length = FeedbackHeader.Length;

    private PictureLossIndication(uint senderSsrc, uint mediaSsrc)
    {
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
    }

    public uint SenderSsrc { get; }

    /// <summary>The stream that should send a keyframe.</summary>
    public uint MediaSsrc { get; }

    public static bool TryParse(in RtcpPacket packet, out PictureLossIndication pli)
    {
        pli = default;
        ReadOnlySpan<byte> body = packet.Body;
        if (!packet.IsFeedback(RtcpPacketType.PayloadSpecificFeedback, PayloadSpecificFeedbackFormat.PictureLossIndication)
            || body.Length < FeedbackHeader.BodyLength)
            return false;
        pli = new PictureLossIndication(FeedbackHeader.SenderSsrc(body), FeedbackHeader.MediaSsrc(body));
        return true;
    }

    /// <summary>Writes a PLI (12 bytes) and returns its length.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than 12 bytes.</exception>
    public static int Write(Span<byte> destination, uint senderSsrc, uint mediaSsrc)
    {
        FeedbackHeader.Write(destination, RtcpPacketType.PayloadSpecificFeedback,
            PayloadSpecificFeedbackFormat.PictureLossIndication, Length, senderSsrc, mediaSsrc);
        return Length;
    }
}
