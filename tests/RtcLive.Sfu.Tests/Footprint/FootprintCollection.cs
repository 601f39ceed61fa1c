namespace RtcLive.Sfu.Tests.Footprint;

/// <summary>
/// Memory measurements read the whole process's heap: they run alone, after the parallel tests, so no other test's
/// allocations land between the before and after.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FootprintCollection
{
    public const string Name = "footprint";
}
