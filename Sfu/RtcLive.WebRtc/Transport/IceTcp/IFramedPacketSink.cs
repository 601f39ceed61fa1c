namespace RtcLive.WebRtc.Transport.IceTcp;

/// <summary>Takes what a <see cref="FramedPacketReader"/> cuts out of a stream.</summary>
public interface IFramedPacketSink
{
    /// <summary>One whole packet; the span is valid only during the call and may be modified (decrypted in place).</summary>
    void OnFrame(Span<byte> frame);

    /// <summary>A frame longer than the reader's limit, which it skips.</summary>
    void OnOversizeFrame(int length);
}
