namespace RtcLive.Sfu.Forwarding;

/// <summary>What <see cref="SimulcastSelector.OnPacket"/> decided for one packet.</summary>
/// <param name="Forward">Send the packet to the subscriber (else drop it).</param>
/// <param name="LayerChanged">This packet starts the forwarded layer: a switch, the first layer, or a resume
/// after a pause. The caller calls <see cref="RtpStreamRewriter.ResetSource"/> with the packet's SSRC before
/// rewriting it.</param>
public readonly record struct SimulcastDecision(bool Forward, bool LayerChanged)
{
    public static SimulcastDecision Drop => default;
}
