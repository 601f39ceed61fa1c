using RtcLive.Signaling.Classroom;
using RtcLive.Signaling.Hubs.Contracts;

namespace RtcLive.Signaling.Hubs;

/// <summary>
/// What the server calls on a room client (the SignalR method names are these names). New features add methods
/// here; existing ones keep their shape.
/// </summary>
public interface IRoomClient
{
    /// <summary>The SFU's offer for this client's receive connection; answer with <c>AnswerSubscription</c>.</summary>
    Task SubscriberOffer(SubscriberOfferMessage offer);

    /// <summary>Someone joined. Also sent when a participant rejoins (its old session replaced): treat it as an update.</summary>
    Task ParticipantJoined(ParticipantInfo participant);

    Task ParticipantLeft(ParticipantLeftMessage left);

    Task TrackPublished(TrackInfo track);

    Task TrackUnpublished(TrackInfo track);

    Task ActiveSpeaker(ActiveSpeakerMessage speaker);

    /// <summary>A track was muted or unmuted for everyone (by its publisher, or later a moderator).</summary>
    Task TrackMuted(TrackMutedMessage muted);

    /// <summary>This connection's participant joined again elsewhere: this connection is out of the room.</summary>
    Task SessionReplaced(SessionReplacedMessage replaced);

    /// <summary>A participant's role changed (promoted to speaker, demoted to viewer). Its own client starts or stops publishing.</summary>
    Task RoleChanged(ParticipantInfo participant);

    Task HandChanged(HandMessage hand);

    Task ChatMessage(ChatMessage message);

    /// <summary>A moderator ended the class: this connection is out of the room.</summary>
    Task ClassEnded(ClassEndedMessage ended);

    /// <summary>A moderator removed this participant (sent to it alone; the others see it leave).</summary>
    Task Removed(RemovedMessage removed);

    /// <summary>This participant's SFU node is gone or draining: rejoin now (another node takes it).</summary>
    Task Rejoin(RejoinMessage rejoin);
}
