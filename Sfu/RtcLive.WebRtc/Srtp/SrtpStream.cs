namespace RtcLive.WebRtc.Srtp;

/// <summary>
/// Per-SSRC state of a context (RFC 3711 §3.2.3): the SRTP index window (whose highest index carries the ROC and
/// highest sequence number) and the SRTCP index window. A sending context uses only the SRTP highest index, to
/// track its ROC.
/// </summary>
internal sealed class SrtpStream
{
    public SrtpStream(uint ssrc) => Ssrc = ssrc;

    public uint Ssrc { get; }

    public SrtpReplayWindow Rtp { get; } = new();

    public SrtpReplayWindow Rtcp { get; } = new();
}
