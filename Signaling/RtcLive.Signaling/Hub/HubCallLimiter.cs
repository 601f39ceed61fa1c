using System.Threading.RateLimiting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace RtcLive.Signaling.Hubs;

/// <summary>
/// A token bucket per connection: a client that floods the hub with calls gets a hub error for each call over
/// the rate, and the calls are not run. The connection lives on; the joins limit guards opening connections.
/// </summary>
public sealed class HubCallLimiter(IOptions<RoomHubOptions> options) : IHubFilter
{
    private static readonly object LimiterKey = new();
    private readonly RoomHubOptions _options = options.Value;

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (invocationContext.Context.Items.TryGetValue(LimiterKey, out object? value) && value is RateLimiter limiter)
        {
            using var lease = limiter.AttemptAcquire();
            if (!lease.IsAcquired)
                throw new HubException($"too many calls: at most {_options.CallsPerSecond} per second on one connection");
        }
        return await next(invocationContext);
    }

    public Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        context.Context.Items[LimiterKey] = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, _options.CallBurst),
            TokensPerPeriod = Math.Max(1, _options.CallsPerSecond),
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
        return next(context);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        try
        {
            await next(context, exception);
        }
        finally
        {
            if (context.Context.Items.Remove(LimiterKey, out object? value) && value is IDisposable limiter) limiter.Dispose();
        }
    }
}
