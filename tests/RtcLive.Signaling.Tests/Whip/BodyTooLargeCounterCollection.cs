namespace RtcLive.Signaling.Tests.Whip;

/// <summary>
/// Tests that make the signaling refuse oversized bodies: <c>rtclive_requests_refused_total{reason="body_too_large"}</c>
/// is one counter for the whole process, so they run one after another, or one test's refusals land in another's count.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BodyTooLargeCounterCollection
{
    public const string Name = "body_too_large counter";
}
