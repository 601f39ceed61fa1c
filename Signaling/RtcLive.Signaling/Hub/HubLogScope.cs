using Microsoft.AspNetCore.SignalR;

namespace RtcLive.Signaling.Hubs;

/// <summary>
/// Puts the room, the participant and the node of a hub connection on every log line written while one of its
/// calls runs (a logging scope: <c>labels.room</c>, <c>labels.participant</c>, <c>labels.node</c> in JSON logs).
/// Before the join only the room the connection asked for is known. Never the token.
/// </summary>
public sealed class HubLogScope(ConnectionRegistry registry, ILogger<HubLogScope> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        using var scope = Begin(invocationContext.Context);
        return await next(invocationContext);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        using var scope = Begin(context.Context);
        await next(context, exception);
    }

    private IDisposable? Begin(HubCallerContext context)
    {
        if (registry.TryGetBinding(context.ConnectionId, out var binding))
            return logger.BeginScope(new Dictionary<string, object?>
            {
                ["Room"] = binding.Room,
                ["Participant"] = binding.ParticipantId,
                ["Node"] = binding.NodeId,
            });
        string? room = context.GetHttpContext()?.Request.Query["room"];
        return string.IsNullOrEmpty(room) ? null : logger.BeginScope(new Dictionary<string, object?> { ["Room"] = room });
    }
}
