namespace RtcLive.WebRtc.Echo;

/// <summary>One echoed track: media arriving on <see cref="SourceMid"/> leaves on <see cref="SinkMid"/> as <see cref="OutSsrc"/>.</summary>
internal sealed class EchoRoute(string sourceMid, string sinkMid, uint outSsrc)
{
    public string SourceMid { get; } = sourceMid;
    public string SinkMid { get; } = sinkMid;
    public byte[] SinkMidBytes { get; } = System.Text.Encoding.ASCII.GetBytes(sinkMid);
    public uint OutSsrc { get; } = outSsrc;

    /// <summary>The peer's SSRC for this track, learned from the first packet that names the source mid.</summary>
    public uint? InSsrc { get; set; }
}
