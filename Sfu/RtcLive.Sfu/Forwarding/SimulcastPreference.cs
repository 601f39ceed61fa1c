namespace RtcLive.Sfu.Forwarding;

/// <summary>A subscriber's wish for a simulcast track.</summary>
/// <param name="ManualLayer">A layer chosen by hand (0 = q, 1 = h, 2 = f), which wins over the bandwidth
/// estimate; null for automatic choice.</param>
/// <param name="MaxLayer">The highest layer worth sending, from the size the subscriber renders; null for no
/// limit.</param>
public readonly record struct SimulcastPreference(int? ManualLayer = null, int? MaxLayer = null)
{
    /// <summary>Automatic choice without a size limit.</summary>
    public static SimulcastPreference Auto => default;
}
