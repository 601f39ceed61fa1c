using RtcLive.Sfu.Control;

namespace RtcLive.Signaling.Hubs.Contracts;

/// <summary>A published track.</summary>
/// <param name="TrackId">The same id as the msid track id in the subscriber's SDP.</param>
/// <param name="Source"><c>camera</c>, <c>microphone</c>, <c>screen</c> or <c>screen-audio</c>.</param>
/// <param name="Kind"><c>audio</c> or <c>video</c>.</param>
/// <param name="Rids">Simulcast layers, lowest first; empty without simulcast.</param>
public sealed record TrackInfo(string TrackId, string ParticipantId, string Name, string Source, string Kind, IReadOnlyList<string> Rids)
{
    public static TrackInfo From(SfuTrackInfo track) => new(track.TrackId, track.ParticipantId, track.Name, track.Source, track.Kind, track.Rids);
}
