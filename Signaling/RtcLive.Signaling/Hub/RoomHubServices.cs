using Microsoft.AspNetCore.SignalR;
using RtcLive.Signaling.Auth;
using RtcLive.Signaling.Hosting;

namespace RtcLive.Signaling.Hubs;

public static class RoomHubServices
{
    /// <summary>
    /// SignalR with the per-connection limits, the registry, and the relay of node events. Call after
    /// <see cref="MediaServices.AddMediaServices"/>: hosted services start in order, and the relay subscribes to
    /// the node that <see cref="MediaHost"/> opens.
    /// </summary>
    public static WebApplicationBuilder AddRoomHub(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RoomHubOptions>()
            .Bind(builder.Configuration.GetSection(RoomHubOptions.Section))
            .Validate(o => o.MaxMessageBytes > 0 && o.CallsPerSecond > 0 && o.CallBurst > 0 && o.MaxConnectionsPerAddress > 0,
                $"{RoomHubOptions.Section} limits must be positive")
            .ValidateOnStart();
        long maxMessage = builder.Configuration.GetSection(RoomHubOptions.Section).Get<RoomHubOptions>()?.MaxMessageBytes ?? new RoomHubOptions().MaxMessageBytes;
        var signalR = builder.Services.AddSignalR(o =>
        {
            o.MaximumReceiveMessageSize = maxMessage;
            o.AddFilter<HubCallLimiter>();
            o.AddFilter<HubLogScope>();
        });
        // In a cluster, signaling instances share the rooms' groups (chat, hands, class ended) through Redis.
        if (builder.Configuration.GetSection(ClusterOptions.Section).Get<ClusterOptions>() is { IsCluster: true } cluster)
            signalR.AddStackExchangeRedis(cluster.Redis, o => o.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal("rtclive:signalr"));
        builder.Services.AddSingleton<HubCallLimiter>();
        builder.Services.AddSingleton<HubLogScope>();
        builder.Services.AddSingleton<ConnectionRegistry>();
        builder.Services.AddSingleton<RoomRoster>();
        builder.Services.AddSingleton<RtcLive.Signaling.Placement.RelayPlanner>();
        builder.Services.AddHostedService<RoomEventRelay>();
        builder.Services.AddSingleton<RtcLive.Signaling.Audience.AudienceLeaseKeeper>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RtcLive.Signaling.Audience.AudienceLeaseKeeper>());
        return builder;
    }

    /// <summary>
    /// The hub at <c>/hubs/room?room=R</c>: negotiate and connect need a token for R (<c>access_token</c> or a
    /// bearer header; none in dev mode) and count against the joins rate limit.
    /// </summary>
    public static WebApplication MapRoomHub(this WebApplication app)
    {
        app.UseMiddleware<HubConnectionLimit>();
        app.MapHub<RoomHub>(RoomHub.Path)
            .RequireRoomToken("room")
            .RequireRateLimiting(RtcLiveRateLimits.JoinsPolicy);
        return app;
    }
}
