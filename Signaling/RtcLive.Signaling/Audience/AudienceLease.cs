namespace RtcLive.Signaling.Audience;

/// <summary>
/// How long a member of the audience stays listed without its instance vouching for it again: an instance that dies
/// cannot say goodbye for its connections, so their entries lapse instead (no instance deletes another's state).
/// </summary>
public static class AudienceLease
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(10);

    public static long ExpiryFrom(TimeProvider time) => (time.GetUtcNow() + Lifetime).ToUnixTimeMilliseconds();
}
