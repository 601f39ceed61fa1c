namespace RtcLive.Signaling.Tests.Auth;

/// <summary>A clock the test moves by hand, so token lifetimes are checked without waiting.</summary>
public sealed class ManualClock : TimeProvider
{
    public ManualClock(DateTimeOffset now) => Now = now;

    public DateTimeOffset Now { get; set; }

    public override DateTimeOffset GetUtcNow() => Now;
}
