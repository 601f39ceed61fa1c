using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace RtcLive.Signaling.Classroom;

/// <summary>A token bucket per participant of each room: a burst of chat is refused beyond the rate, politely.</summary>
public sealed class ChatRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<(string Room, string Participant)> _limiter;

    public ChatRateLimiter(IOptions<ClassroomOptions> options)
    {
        var o = options.Value;
        _limiter = PartitionedRateLimiter.Create<(string Room, string Participant), (string, string)>(key =>
            RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = Math.Max(1, o.ChatBurst),
                TokensPerPeriod = Math.Max(1, o.ChatPermits),
                ReplenishmentPeriod = o.ChatWindow > TimeSpan.Zero ? o.ChatWindow : TimeSpan.FromSeconds(5),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    public bool TryAcquire(string room, string participantId)
    {
        using var lease = _limiter.AttemptAcquire((room, participantId));
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
