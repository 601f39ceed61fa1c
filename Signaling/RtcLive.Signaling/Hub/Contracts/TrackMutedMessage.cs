using RtcLive.Sfu.Control;

namespace RtcLive.Signaling.Hubs.Contracts;

/// <summary>A track stopped (<paramref name="Muted"/> true) or resumed being forwarded to everyone.</summary>
public sealed record TrackMutedMessage(TrackInfo Track, bool Muted)
{
    public static TrackMutedMessage From(SfuControlEvent.TrackMuted e) => new(TrackInfo.From(e.Track), e.Muted);
}
