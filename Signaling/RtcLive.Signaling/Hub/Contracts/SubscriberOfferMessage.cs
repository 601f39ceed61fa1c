using RtcLive.Sfu.Control;

namespace RtcLive.Signaling.Hubs.Contracts;

/// <summary>
/// The SFU's offer for the client's receive connection (it is ice-lite and offers; the client answers with
/// <c>AnswerSubscription</c>), and which track arrives on which mid. A newer offer replaces the previous one
/// whenever tracks come or go.
/// </summary>
public sealed record SubscriberOfferMessage(string Sdp, IReadOnlyList<SubscribedTrack> Tracks)
{
    public static SubscriberOfferMessage From(SfuControlEvent.SubscriberOffer offer)
    {
        var tracks = new List<SubscribedTrack>(offer.Tracks.Count);
        foreach (var track in offer.Tracks)
            tracks.Add(new SubscribedTrack(track.Mid, track.TrackId, track.ParticipantId, track.Name, track.Source, track.Kind));
        return new SubscriberOfferMessage(offer.Sdp, tracks);
    }
}

/// <summary>One m-line of a subscriber offer: whose which track arrives on <paramref name="Mid"/>.</summary>
public sealed record SubscribedTrack(string Mid, string TrackId, string ParticipantId, string Name, string Source, string Kind);
