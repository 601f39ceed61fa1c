namespace RtcLive.Relay.Layers;

/// <summary>
/// The bitrate of each layer of one relayed track as last measured while it was pulled. A layer never pulled is
/// guessed at <see cref="StepRatio"/> times the layer below (simulcast layers double the width and height, so
/// roughly triple the bits): enough for an automatic subscriber with room to spare to ask for it once; the
/// measurement then replaces the guess, so a layer that does not fit is not asked for again and again.
/// </summary>
public sealed class RelayLayerBitrates
{
    public const int StepRatio = 3;

    private readonly long[] _measured = new long[RelayLayerSet.MaxLayers];

    /// <summary>Records a layer's bitrate measured while it arrives; 0 (not arriving) keeps the last value.</summary>
    public void Observe(int layer, long bitsPerSecond)
    {
        if ((uint)layer < (uint)_measured.Length && bitsPerSecond > 0) _measured[layer] = bitsPerSecond;
    }

    /// <summary>The measured or guessed bitrate of a layer; 0 when nothing at or below it was ever measured.</summary>
    public long Get(int layer)
    {
        if ((uint)layer >= (uint)_measured.Length) return 0;
        if (_measured[layer] > 0) return _measured[layer];
        return layer == 0 ? 0 : Get(layer - 1) * StepRatio;
    }
}
