namespace RtcLive.Sfu.Control;

/// <summary>A published track.</summary>
/// <param name="TrackId">The node's id of the track, the same in every subscriber's SDP (its msid track id).</param>
/// <param name="ParticipantId">Who publishes it.</param>
/// <param name="Name">The publisher's display name.</param>
/// <param name="Source"><c>camera</c>, <c>microphone</c>, <c>screen</c> or <c>screen-audio</c>.</param>
/// <param name="Kind"><c>audio</c> or <c>video</c>.</param>
/// <param name="Rids">The simulcast layers, lowest first; empty without simulcast.</param>
/// <param name="Relayed">Published on another node and relayed here (its origin node announces it).</param>
public sealed record SfuTrackInfo(string TrackId, string ParticipantId, string Name, string Source, string Kind, IReadOnlyList<string> Rids,
    bool Relayed = false);
