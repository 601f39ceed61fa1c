using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using RtcLive.Sfu.Control;
using RtcLive.Signaling.Auth;
using RtcLive.Signaling.Classroom;
using RtcLive.Signaling.Hubs.Contracts;

namespace RtcLive.Signaling.Hubs;

/// <summary>
/// Passes the SFU node's events to hub clients: a subscriber offer to its participant's connection, the rest to
/// the room's group. The node raises events on its own threads (the media thread, for active speakers), so they
/// are queued here and sent by one loop, which keeps each room's events in order.
/// </summary>
public sealed class RoomEventRelay(
    IServiceProvider services,
    ConnectionRegistry registry,
    IClassroomStore classroom,
    TimeProvider time,
    IHubContext<RoomHub, IRoomClient> hub,
    ILogger<RoomEventRelay> logger) : BackgroundService
{
    // Unbounded: control events are few (joins, publishes, speaker changes at most every 150 ms per room), and
    // dropping a subscriber offer would leave a client without media.
    private readonly Channel<SfuControlEvent> _queue = Channel.CreateUnbounded<SfuControlEvent>(new UnboundedChannelOptions
    {
        SingleReader = true,
        SingleWriter = false,
    });

    private ISfuNodeControl? _sfu;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Resolved here, not in the constructor: the host builds every hosted service before starting any, and
        // the embedded node's control exists once MediaHost (registered, so started, before this) has opened it.
        _sfu = services.GetRequiredService<ISfuNodeControl>();
        _sfu.Events += Enqueue;
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_sfu is not null) _sfu.Events -= Enqueue;
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    private void Enqueue(SfuControlEvent e) => _queue.Writer.TryWrite(e);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var e in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await DispatchAsync(e);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "could not pass {Event} in room {Room} to clients", e.GetType().Name, e.Room);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: clients are going away with the server.
        }
    }

    private async Task DispatchAsync(SfuControlEvent e)
    {
        await DispatchToClientsAsync(e);
        // A hand goes down with the participant who raised it.
        if (e is SfuControlEvent.ParticipantLeft left
            && await classroom.LowerHandAsync(e.Room, left.Participant.ParticipantId))
            await hub.Clients.Group(RoomGroups.Of(e.Room)).HandChanged(
                new HandMessage(left.Participant.ParticipantId, false, time.GetUtcNow().ToUnixTimeMilliseconds()));
    }

    private Task DispatchToClientsAsync(SfuControlEvent e)
    {
        string group = RoomGroups.Of(e.Room);
        switch (e)
        {
            case SfuControlEvent.SubscriberOffer offer:
                if (registry.TryGetConnection(offer.Room, offer.ParticipantId, out string connection))
                    return hub.Clients.Client(connection).SubscriberOffer(SubscriberOfferMessage.From(offer));
                logger.LogDebug("subscriber offer for {Participant} in room {Room}: no connection", offer.ParticipantId, offer.Room);
                return Task.CompletedTask;
            case SfuControlEvent.ParticipantJoined joined:
                return Others(group, e.Room, joined.Participant.ParticipantId).ParticipantJoined(ParticipantInfo.From(joined.Participant));
            case SfuControlEvent.ParticipantLeft left:
                return hub.Clients.Group(group).ParticipantLeft(new ParticipantLeftMessage(ParticipantInfo.From(left.Participant), left.Reason));
            case SfuControlEvent.TrackPublished published:
                return Others(group, e.Room, published.Track.ParticipantId).TrackPublished(TrackInfo.From(published.Track));
            case SfuControlEvent.TrackUnpublished unpublished:
                return Others(group, e.Room, unpublished.Track.ParticipantId).TrackUnpublished(TrackInfo.From(unpublished.Track));
            case SfuControlEvent.TrackMuted muted:
                return hub.Clients.Group(group).TrackMuted(TrackMutedMessage.From(muted));
            case SfuControlEvent.RoleChanged changed:
                if (RoomRoles.TryParse(changed.Participant.Role, out var role))
                    registry.UpdateRole(changed.Room, changed.Participant.ParticipantId, role);
                return hub.Clients.Group(group).RoleChanged(ParticipantInfo.From(changed.Participant));
            case SfuControlEvent.ActiveSpeaker speaker:
                return hub.Clients.Group(group).ActiveSpeaker(new ActiveSpeakerMessage(speaker.ParticipantId));
            case SfuControlEvent.SessionReplaced:
                // RoomHub.Join tells the replaced connection itself: only it still knows that connection's id,
                // since the registry now points the participant at the new one.
                return Task.CompletedTask;
            default:
                return Task.CompletedTask;
        }
    }

    /// <summary>The room's group without the participant's own connection: it knows what it did.</summary>
    private IRoomClient Others(string group, string room, string participantId) =>
        registry.TryGetConnection(room, participantId, out string own)
            ? hub.Clients.GroupExcept(group, own)
            : hub.Clients.Group(group);
}
