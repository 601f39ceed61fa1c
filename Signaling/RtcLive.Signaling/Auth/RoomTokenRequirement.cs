namespace RtcLive.Signaling.Auth;

/// <summary>Endpoint metadata: this endpoint needs a token for the room named by <see cref="RoomParameter"/>.</summary>
/// <param name="RoomParameter">A route value (<c>/whip/{room}</c>) or, failing that, a query parameter (<c>/hubs/room?room=R</c>).</param>
public sealed record RoomTokenRequirement(string RoomParameter);

public static class RoomTokenRequirementExtensions
{
    /// <summary>
    /// Guards the endpoint(s) with <see cref="RoomTokenMiddleware"/> (<c>app.UseRoomTokens()</c>). Works on hubs too
    /// (negotiate and connect), where endpoint filters would not run.
    /// </summary>
    public static TBuilder RequireRoomToken<TBuilder>(this TBuilder builder, string roomParameter = "room")
        where TBuilder : IEndpointConventionBuilder
        => builder.WithMetadata(new RoomTokenRequirement(roomParameter));
}
