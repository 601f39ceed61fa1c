namespace RtcLive.Signaling.Auth;

/// <summary>Limits on the entry points, bound from <c>RtcLive:RateLimits</c>.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RtcLive:RateLimits";

    /// <summary>Joins (hub negotiate and connect, WHIP, WHEP) one remote address may start per <see cref="JoinWindow"/>.</summary>
    public int JoinPermits { get; set; } = 20;

    public TimeSpan JoinWindow { get; set; } = TimeSpan.FromSeconds(10);
}
