using RtcLive.Signaling.Auth;
using RtcLive.Signaling.Hubs;

namespace RtcLive.Signaling.Tests.Hubs;

public sealed class ConnectionRegistryTests
{
    private static ConnectionBinding Bind(string connection, string room = "math", string participant = "ada") =>
        new(connection, room, participant, participant, RoomRole.Viewer, "local");

    [Fact]
    public void A_second_connection_of_a_participant_displaces_the_first()
    {
        var registry = new ConnectionRegistry();
        Assert.Null(registry.Attach(Bind("c1")));

        var displaced = registry.Attach(Bind("c2"));

        Assert.Equal(Bind("c1"), displaced);
        Assert.True(registry.TryGetConnection("math", "ada", out string connection));
        Assert.Equal("c2", connection);
        Assert.False(registry.TryGetBinding("c1", out _));
        // The displaced connection's disconnect finds nothing to leave, and does not unbind the new one.
        Assert.Null(registry.Detach("c1"));
        Assert.True(registry.TryGetConnection("math", "ada", out connection));
        Assert.Equal("c2", connection);
    }

    [Fact]
    public void The_same_participant_id_in_two_rooms_are_two_participants()
    {
        var registry = new ConnectionRegistry();
        registry.Attach(Bind("c1", room: "math"));

        Assert.Null(registry.Attach(Bind("c2", room: "physics")));
        Assert.Equal(2, registry.Count);
    }

    [Fact]
    public void Rebinding_a_connection_to_another_room_forgets_its_old_place()
    {
        var registry = new ConnectionRegistry();
        registry.Attach(Bind("c1", room: "math"));

        registry.Attach(Bind("c1", room: "physics"));

        Assert.False(registry.TryGetConnection("math", "ada", out _));
        Assert.True(registry.TryGetConnection("physics", "ada", out string connection));
        Assert.Equal("c1", connection);
        Assert.Equal(1, registry.Count);
    }

    [Fact]
    public void Detach_unbinds_both_ways()
    {
        var registry = new ConnectionRegistry();
        registry.Attach(Bind("c1"));

        Assert.Equal(Bind("c1"), registry.Detach("c1"));

        Assert.False(registry.TryGetBinding("c1", out _));
        Assert.False(registry.TryGetConnection("math", "ada", out _));
        Assert.Null(registry.Detach("c1"));
    }
}
