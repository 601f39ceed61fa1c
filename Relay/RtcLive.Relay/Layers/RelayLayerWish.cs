using RtcLive.Sfu.Forwarding;

namespace RtcLive.Relay.Layers;

/// <summary>
/// What one local subscriber of a relayed track wants, as the edge node sees it: its layer choice, the bandwidth
/// estimate toward it, the layer it is being sent now (-1 for none), and, when the subscriber is itself a relay
/// link, the layers it pulls (-1 otherwise).
/// </summary>
public readonly record struct RelayLayerWish(SimulcastPreference Preference, long EstimateBps, int CurrentLayer, bool Paused = false,
    int RelayMask = -1);
