using RtcLive.Signaling.Auth;

namespace RtcLive.Signaling.Tests.Auth;

public sealed class RoomRolesTests
{
    [Theory]
    [InlineData("presenter", RoomRole.Presenter)]
    [InlineData("SPEAKER", RoomRole.Speaker)]
    [InlineData("Viewer", RoomRole.Viewer)]
    [InlineData("moderator", RoomRole.Moderator)]
    public void Known_names_parse_in_any_case(string name, RoomRole expected)
    {
        Assert.True(RoomRoles.TryParse(name, out var role));
        Assert.Equal(expected, role);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("admin")]
    [InlineData("0")]
    [InlineData("3")]
    [InlineData(" viewer")]
    [InlineData("Viewer,Moderator")]
    public void Unknown_names_and_numbers_are_refused(string? name)
    {
        Assert.False(RoomRoles.TryParse(name, out _));
    }

    [Fact]
    public void Every_role_round_trips_through_its_name()
    {
        foreach (var role in Enum.GetValues<RoomRole>())
        {
            Assert.True(RoomRoles.TryParse(role.ToName(), out var parsed));
            Assert.Equal(role, parsed);
        }
    }

    [Fact]
    public void Only_viewers_may_not_publish()
    {
        Assert.False(RoomRole.Viewer.MayPublish());
        Assert.True(RoomRole.Speaker.MayPublish());
        Assert.True(RoomRole.Presenter.MayPublish());
        Assert.True(RoomRole.Moderator.MayPublish());
    }
}
