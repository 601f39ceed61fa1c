using RtcLive.Sfu.Forwarding;

namespace RtcLive.Relay.Layers;

/// <summary>
/// Turns what the edge node's subscribers of one track want into the layers the relay link must carry. A manual
/// choice wants that layer (capped by the subscriber's max layer and by what the track has). Automatic choice wants
/// the highest layer whose bitrate fits the subscriber's estimate with the selector's headroom, else the lowest:
/// what the subscriber's own selector would pick if every layer arrived. A layer not pulled has no measured
/// bitrate here; <see cref="RelayLayerBitrates"/> supplies the last one measured or a guess. The layer a subscriber
/// receives now stays wanted until its selector has switched away, so a switch never starves the decoder.
/// </summary>
public static class RelayLayerDemand
{
    public static int Wanted(ReadOnlySpan<RelayLayerWish> wishes, RelayLayerBitrates bitrates, int layerCount)
    {
        layerCount = Math.Clamp(layerCount, 0, RelayLayerSet.MaxLayers);
        if (layerCount == 0) return 0;
        int all = (1 << layerCount) - 1;
        int mask = 0;
        foreach (var wish in wishes)
        {
            if (wish.RelayMask >= 0)
            {
                mask |= wish.RelayMask & all;
                continue;
            }
            if (wish.Paused) continue;
            if (wish.CurrentLayer >= 0 && wish.CurrentLayer < layerCount) mask |= 1 << wish.CurrentLayer;
            int cap = Math.Min(wish.Preference.MaxLayer ?? layerCount - 1, layerCount - 1);
            if (wish.Preference.ManualLayer is int manual)
            {
                mask |= 1 << Math.Clamp(Math.Min(manual, cap), 0, layerCount - 1);
                continue;
            }
            int chosen = 0;
            for (int layer = cap; layer > 0; layer--)
            {
                long bitrate = bitrates.Get(layer);
                if (bitrate > 0 && bitrate * SimulcastSelector.UpgradeHeadroom <= wish.EstimateBps)
                {
                    chosen = layer;
                    break;
                }
            }
            mask |= 1 << chosen;
        }
        return mask;
    }
}
