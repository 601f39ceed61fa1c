namespace RtcLive.Signaling.Placement;

/// <summary>How participants are placed on nodes, bound from <c>RtcLive:Placement</c> (and <c>RtcLive:Region</c>).</summary>
public sealed class PlacementOptions
{
    public const string Section = "RtcLive:Placement";

    /// <summary>This signaling instance's region: a client without a region hint is placed as if it were here.</summary>
    public string Region { get; set; } = "local";

    /// <summary>
    /// Cost of going from one region to another, as <c>"eu-us": 80</c> (either order); regions not listed cost
    /// <see cref="UnlistedCost"/>. The nearest region with room wins when a client's own has none.
    /// </summary>
    public Dictionary<string, int> RegionCosts { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public int UnlistedCost { get; set; } = 1000;

    /// <summary>
    /// Keep a room on the nodes already carrying it while one of them has room, whatever the participant's region
    /// (fewer relay links, longer paths). Off: each participant is served from its region and relay links carry
    /// the room between nodes.
    /// </summary>
    public bool StickyRooms { get; set; }

    /// <summary>How long a node a client reported lost is skipped by placement (its heartbeat may still look fine).</summary>
    public TimeSpan AvoidReportedNodeFor { get; set; } = TimeSpan.FromSeconds(10);

    public int CostBetween(string from, string to)
    {
        if (string.Equals(from, to, StringComparison.OrdinalIgnoreCase)) return 0;
        if (RegionCosts.TryGetValue($"{from}-{to}", out int cost) || RegionCosts.TryGetValue($"{to}-{from}", out cost)) return cost;
        return UnlistedCost;
    }
}
