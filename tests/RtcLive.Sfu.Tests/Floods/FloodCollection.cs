namespace RtcLive.Sfu.Tests.Floods;

/// <summary>Floods run alone: they saturate a core on purpose, and they read process-wide figures (CPU, RSS, the shared
/// handshake limiter) that other tests running beside them would disturb.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FloodCollection
{
    public const string Name = "floods";
}
