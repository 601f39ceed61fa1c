namespace RtcLive.Sfu.Control;

/// <summary>One m-line of a subscriber offer: which participant's which track arrives on <paramref name="Mid"/>.</summary>
public sealed record SfuSubscribedTrack(string Mid, string TrackId, string ParticipantId, string Name, string Source, string Kind);
