using Microsoft.Extensions.Logging.Abstractions;
using RtcLive.Sfu.Control;
using RtcLive.Sfu.Node;
using RtcLive.Sfu.Rooms;
using RtcLive.Sfu.Sessions;
using RtcLive.Sfu.Tests.Rooms;
using RtcLive.WebRtc.Client;
using RtcLive.WebRtc.Sdp;

namespace RtcLive.Sfu.Tests.Limits;

/// <summary>
/// The caps of <see cref="SfuLimits"/> on a real node: joins and publishes over a cap are refused with a message naming
/// it, through the room and through the control API (<see cref="SfuControlError.Full"/>), and a refusal leaves nothing
/// behind (no room, no producer, no reserved slot).
/// </summary>
public sealed class NodeLimitsTests
{
    [Fact]
    public async Task A_room_and_the_node_refuse_participants_over_their_caps_and_take_them_again_once_someone_leaves()
    {
        using var rig = new SfuTestRig(limits: new SfuLimits { MaxParticipantsPerRoom = 2, MaxParticipantsPerNode = 3 });
        var control = new LocalSfuNodeControl(rig.Node, NullLogger<LocalSfuNodeControl>.Instance);

        await control.JoinAsync("class-1", "a", "A", "viewer");
        await control.JoinAsync("class-1", "b", "B", "viewer");
        var roomFull = await Assert.ThrowsAsync<SfuControlException>(() => control.JoinAsync("class-1", "c", "C", "viewer"));
        Assert.Equal(SfuControlError.Full, roomFull.Error);
        Assert.Equal("room class-1 is full (2 participants)", roomFull.Message);

        await control.JoinAsync("class-2", "d", "D", "viewer");
        int roomsBefore = rig.Node.Rooms.Count;
        var nodeFull = await Assert.ThrowsAsync<SfuControlException>(() => control.JoinAsync("class-3", "e", "E", "viewer"));
        Assert.Equal(SfuControlError.Full, nodeFull.Error);
        Assert.Equal("this node is full (3 participants)", nodeFull.Message);
        Assert.Equal(roomsBefore, rig.Node.Rooms.Count); // the refused join to a new room left no empty room behind
        Assert.False(rig.Node.TryGetRoom("class-3", out _));
        Assert.Equal(3, rig.Node.Usage.Participants);
        Assert.Equal(2, rig.Node.Counters.LimitRefusalsTotal);

        // The same identity joining again replaces itself: not a new participant, so not refused.
        await control.JoinAsync("class-2", "d", "D", "viewer");
        Assert.Equal(3, rig.Node.Usage.Participants);

        await control.LeaveAsync("class-2", "d", "test");
        Assert.Equal(2, rig.Node.Usage.Participants);
        await control.JoinAsync("class-3", "e", "E", "viewer");
        Assert.Equal(3, rig.Node.Usage.Participants);
    }

    [Fact]
    public async Task Failed_joins_to_ever_new_room_names_leave_no_rooms_behind()
    {
        using var rig = new SfuTestRig();
        var control = new LocalSfuNodeControl(rig.Node, NullLogger<LocalSfuNodeControl>.Instance);
        int before = rig.Node.Rooms.Count;
        for (int i = 0; i < 200; i++)
            await Assert.ThrowsAsync<SfuControlException>(() => control.JoinForPlaybackAsync($"junk-{i}", $"p{i}", "P", "v=0 not an offer"));
        Assert.Equal(before, rig.Node.Rooms.Count);
        Assert.Equal(0, rig.Node.Usage.Participants);
    }

    [Fact]
    public async Task Publishes_over_the_room_or_node_track_cap_are_refused_before_any_producer_is_made()
    {
        await SfuTestRig.WarmUpAsync();
        using var rig = new SfuTestRig(limits: new SfuLimits { MaxTracksPerRoom = 3, MaxTracksPerNode = 4 });

        // alice: camera + microphone (2 of the room's 3).
        var alice = rig.Room.Join("alice", "Alice", ParticipantRole.Presenter);
        await rig.PublishAsync(alice, simulcast: false);
        Assert.Equal(2, rig.Room.TrackCount);

        // bob would bring the room to 4.
        var bob = rig.Room.Join("bob", "Bob", ParticipantRole.Speaker);
        var refused = Assert.Throws<RoomFullException>(() => rig.Room.Publish(bob, TwoTrackOffer(), []));
        Assert.Equal("room class-1 has reached its limit of 3 published tracks", refused.Message);
        Assert.Empty(bob.Producers);
        Assert.Null(bob.Publisher!.Transport); // refused before a transport was registered on the port
        Assert.Equal(2, rig.Room.TrackCount);
        Assert.Equal(2, rig.Node.Usage.Tracks);

        // Another room: the node has 2 of its 4 left, so carol's 2 fit; dave's one more would fit his room (3) but not the node.
        var other = rig.Node.GetOrCreateRoom("class-2");
        var carol = other.Join("carol", "Carol", ParticipantRole.Presenter);
        await rig.PublishAsync(carol, simulcast: false, room: other);
        Assert.Equal(4, rig.Node.Usage.Tracks);
        var dave = other.Join("dave", "Dave", ParticipantRole.Presenter);
        var nodeFull = Assert.Throws<RoomFullException>(() => other.Publish(dave, OneTrackOffer(), []));
        Assert.Equal("this node has reached its limit of 4 published tracks", nodeFull.Message);
        Assert.Empty(dave.Producers);
        Assert.Equal(1, rig.Node.Usage.RefusedTracks);

        // Leaving gives the tracks back, in the room and on the node.
        rig.Room.Leave(alice, "test");
        Assert.Equal(0, rig.Room.TrackCount);
        Assert.Equal(2, rig.Node.Usage.Tracks);
        Assert.NotEmpty(rig.Room.Publish(bob, TwoTrackOffer(), []));
        Assert.Equal(2, bob.Producers.Count);
        Assert.Equal(4, rig.Node.Usage.Tracks);
    }

    [Fact]
    public void Limits_that_are_not_positive_are_named()
    {
        Assert.Equal("RtcLive:Sfu:Limits:MaxTracksPerRoom must be positive", new SfuLimits { MaxTracksPerRoom = 0 }.Problem());
        Assert.Null(new SfuLimits().Problem());
        var error = Assert.Throws<ArgumentException>(() => new SfuNode(
            new SfuNodeOptions { Limits = new SfuLimits { MaxParticipantsPerNode = -1 } }, NullLoggerFactory.Instance));
        Assert.StartsWith("RtcLive:Sfu:Limits:MaxParticipantsPerNode must be positive", error.Message);
    }

    private static string OneTrackOffer()
    {
        using var peer = new ClientPeer();
        return peer.CreateOffer(new ClientTransceiver(MediaKind.Video, MediaDirection.SendOnly));
    }

    private static string TwoTrackOffer()
    {
        using var peer = new ClientPeer();
        return peer.CreateOffer(new ClientTransceiver(MediaKind.Video, MediaDirection.SendOnly),
            new ClientTransceiver(MediaKind.Audio, MediaDirection.SendOnly));
    }
}
