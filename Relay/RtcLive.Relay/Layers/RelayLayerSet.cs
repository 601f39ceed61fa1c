namespace RtcLive.Relay.Layers;

/// <summary>
/// Which simulcast layers of one track a relay link pulls, as a bit mask (bit n = layer n). A layer a subscriber
/// wants is added at once; one nobody wants any more is dropped only after it has gone unwanted for
/// <see cref="HoldDownMs"/>, so a subscriber moving back and forth between layers does not make the link flap
/// (each re-add costs a keyframe from the publisher). Not thread-safe: one per track, driven by the link's loop.
/// </summary>
public sealed class RelayLayerSet
{
    public const long DefaultHoldDownMs = 3000;
    public const int MaxLayers = 3;

    private readonly long[] _lastWantedMs = new long[MaxLayers];

    public RelayLayerSet(long holdDownMs = DefaultHoldDownMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(holdDownMs);
        HoldDownMs = holdDownMs;
    }

    public long HoldDownMs { get; }

    /// <summary>The layers pulled now.</summary>
    public int Pulled { get; private set; }

    /// <summary>The number of layers pulled now.</summary>
    public int Count => System.Numerics.BitOperations.PopCount((uint)Pulled);

    /// <summary>Applies what the subscribers want now; true when the pulled set changed (the origin must be told).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A mask naming layers above <see cref="MaxLayers"/>.</exception>
    public bool Update(int wanted, long nowMs)
    {
        if ((wanted & ~((1 << MaxLayers) - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(wanted), wanted, $"a layer mask covers at most {MaxLayers} layers");
        int next = 0;
        for (int layer = 0; layer < MaxLayers; layer++)
        {
            int bit = 1 << layer;
            if ((wanted & bit) != 0)
            {
                _lastWantedMs[layer] = nowMs;
                next |= bit;
            }
            else if ((Pulled & bit) != 0 && nowMs - _lastWantedMs[layer] < HoldDownMs)
            {
                next |= bit;
            }
        }
        bool changed = next != Pulled;
        Pulled = next;
        return changed;
    }
}
