namespace RtcLive.Sfu.Control;

/// <summary>One simulcast layer of a track a relay link pulls: its rid at the publisher, and the SSRC it arrives on over the link.</summary>
public sealed record SfuRelayLayer(string Rid, uint Ssrc);

/// <summary>The layers of a track sent to a relay link, each on its own SSRC; empty for a track without simulcast.</summary>
public sealed record SfuRelayLayers(IReadOnlyList<SfuRelayLayer> Layers);
