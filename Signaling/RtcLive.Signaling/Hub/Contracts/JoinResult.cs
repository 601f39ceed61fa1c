using RtcLive.Signaling.Classroom;
using RtcLive.Signaling.Ice;

namespace RtcLive.Signaling.Hubs.Contracts;

/// <summary>What a participant learns on joining: who it is in the room, which node carries its media, who is there and what they publish.</summary>
/// <param name="Self">The joined participant as others see it (identity from the token, unique in the room).</param>
/// <param name="Node">The SFU node's id (embedded mode: <c>local</c>); empty for a join over HLS, which no node carries.</param>
/// <param name="Hands">Raised hands, oldest first.</param>
/// <param name="Chat">The chat so far (the last messages the room keeps), oldest first.</param>
/// <param name="SignalingUrls">Other live signaling instances of the cluster, nearest first: where to reconnect if this one dies.</param>
/// <param name="IceServers">STUN/TURN servers for the page's peer connections, TURN with credentials issued for this join.</param>
public sealed record JoinResult(string Room, ParticipantInfo Self, string Node, IReadOnlyList<ParticipantInfo> Participants,
    IReadOnlyList<TrackInfo> Tracks, IReadOnlyList<RaisedHand> Hands, IReadOnlyList<ChatMessage> Chat, IReadOnlyList<string> SignalingUrls,
    IReadOnlyList<IceServerInfo> IceServers);
