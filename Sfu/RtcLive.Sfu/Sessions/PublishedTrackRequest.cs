using RtcLive.Sfu.Media;

namespace RtcLive.Sfu.Sessions;

/// <summary>What the publishing client says about one m-line of its offer: which source it carries.</summary>
public sealed record PublishedTrackRequest(string Mid, TrackSource Source);
