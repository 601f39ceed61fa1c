using RtcLive.Sfu.Node;
using RtcLive.Sfu.Rooms;
using RtcLive.WebRtc.Sdp;

namespace RtcLive.Sfu.Sessions;

/// <summary>
/// How many tracks one publish may end with: the participant's own cap, what the room and the node have left. Checked
/// before any producer is made, so a refused offer leaves nothing behind; the node-wide slots are reserved here.
/// </summary>
internal readonly record struct TrackQuota(SfuLimits Limits, NodeUsage Node, string RoomId, int RoomTracks)
{
    /// <summary>Admits going from <paramref name="kept"/> tracks (after removals) to <paramref name="kept"/> + <paramref name="adding"/>.</summary>
    /// <exception cref="SdpNegotiationException">Over the participant's cap.</exception>
    /// <exception cref="RoomFullException">Over the room's or the node's cap.</exception>
    public void Reserve(int kept, int adding, int removing)
    {
        if (adding == 0) return;
        if (kept + adding > Limits.MaxTracksPerParticipant)
            throw new SdpNegotiationException($"a participant may publish at most {Limits.MaxTracksPerParticipant} tracks");
        if (RoomTracks - removing + adding > Limits.MaxTracksPerRoom)
            throw new RoomFullException($"room {RoomId} has reached its limit of {Limits.MaxTracksPerRoom} published tracks");
        if (!Node.TryAddTracks(adding))
            throw new RoomFullException($"this node has reached its limit of {Limits.MaxTracksPerNode} published tracks");
    }
}
