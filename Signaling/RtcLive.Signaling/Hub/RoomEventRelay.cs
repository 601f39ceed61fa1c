using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using RtcLive.Sfu.Control;
using RtcLive.Signaling.Audience;
using RtcLive.Signaling.Auth;
using RtcLive.Signaling.Classroom;
using RtcLive.Signaling.Hubs.Contracts;
using RtcLive.Signaling.Placement;

namespace RtcLive.Signaling.Hubs;

/// <summary>
/// Passes the SFU nodes' events to this instance's hub clients: a subscriber offer to its participant's
/// connection, room events to the room's connections here (every signaling instance hears every node, so each
/// tells only its own clients: nobody hears an event twice). A lost node's participants are told to rejoin.
/// Nodes raise events on their own threads, so they are queued and sent by one loop, in order per room.
/// </summary>
public sealed class RoomEventRelay(
    IServiceProvider services,
    ConnectionRegistry registry,
    RelayPlanner relays,
    IClassroomStore classroom,
    IAudienceStore audience,
    TimeProvider time,
    IHubContext<RoomHub, IRoomClient> hub,
    ILogger<RoomEventRelay> logger) : BackgroundService
{
    // Control events are few (joins, publishes, speaker changes at most every 150 ms per room), and dropping a
    // subscriber offer would leave a client without media: the bound is far above any real backlog, there so that a
    // stuck dispatcher cannot take the process's memory with it. Past it events are dropped, counted and logged.
    private const int QueueCapacity = 65_536;

    private readonly Channel<object> _queue = Channel.CreateBounded<object>(new BoundedChannelOptions(QueueCapacity)
    {
        SingleReader = true,
        SingleWriter = false,
        FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails instead of waiting: the caller counts the drop
    });

    private int _overflowing;
    private volatile bool _stopping;

    private ISfuNodes? _nodes;

    private sealed record NodeLostNotice(string NodeId);

    private sealed record NodeEvent(string NodeId, SfuControlEvent Event);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Resolved here, not in the constructor: the host builds every hosted service before starting any, and
        // the nodes are known once the media services (registered, so started, before this) are up.
        _nodes = services.GetRequiredService<ISfuNodes>();
        _nodes.Events += Enqueue;
        _nodes.NodeLost += OnNodeLost;
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_nodes is not null)
        {
            _nodes.Events -= Enqueue;
            _nodes.NodeLost -= OnNodeLost;
        }
        _stopping = true;
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    private void Enqueue(string nodeId, SfuControlEvent e) => Write(new NodeEvent(nodeId, e));

    private void OnNodeLost(string nodeId) => Write(new NodeLostNotice(nodeId));

    private void Write(object item)
    {
        if (_queue.Writer.TryWrite(item) || _stopping)
        {
            Interlocked.Exchange(ref _overflowing, 0);
            return;
        }
        RoomEventMetrics.Dropped.Inc();
        if (Interlocked.Exchange(ref _overflowing, 1) == 0)
            logger.LogError("node events dropped: the dispatch queue holds {Capacity} events (the dispatcher is stuck or far behind)", QueueCapacity);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var item in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    if (item is NodeEvent e) await DispatchAsync(e.NodeId, e.Event);
                    else if (item is NodeLostNotice lost) await SendElsewhereAsync(lost.NodeId);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // One event that could not be passed on (a backplane call that timed out under load throws a
                    // TaskCanceledException) must not end the loop: the host stops when a background service fails.
                    logger.LogWarning(ex, "could not pass {Item} to clients", item.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: clients are going away with the server.
        }
    }

    /// <summary>Every participant on a lost node rejoins now; placement puts it on a healthy node.</summary>
    private async Task SendElsewhereAsync(string nodeId)
    {
        var stranded = registry.OnNode(nodeId);
        foreach (var binding in stranded)
        {
            if (registry.Detach(binding.ConnectionId) is null) continue;
            await hub.Groups.RemoveFromGroupAsync(binding.ConnectionId, RoomGroups.Of(binding.Room));
            await hub.Clients.Client(binding.ConnectionId).Rejoin(new RejoinMessage(binding.Room, nodeId, $"SFU node {nodeId} is gone"));
        }
        if (stranded.Count > 0) logger.LogInformation("node {Node} lost: {Count} participants sent to rejoin", nodeId, stranded.Count);
    }

    private async Task DispatchAsync(string nodeId, SfuControlEvent e)
    {
        // The node sent someone away whom signaling still has in the room (a drain's deadline, a media failure it
        // noticed): that client must rejoin, elsewhere if the node is draining.
        if (e is SfuControlEvent.ParticipantLeft evicted
            && registry.TryGetConnection(e.Room, evicted.Participant.ParticipantId, out string connection)
            && registry.TryGetBinding(connection, out var binding) && binding.NodeId == nodeId
            && registry.Detach(connection) is not null)
        {
            await hub.Groups.RemoveFromGroupAsync(connection, RoomGroups.Of(e.Room));
            await hub.Clients.Client(connection).Rejoin(new RejoinMessage(e.Room, nodeId, evicted.Reason));
        }
        // Relay plumbing, and the echoes of what other nodes already announced, stay out of the clients' view.
        if (IsRelayEcho(e)) return;
        // Left its node for HLS (the page fell back, or joined again over HLS): it is still in the class.
        if (e is SfuControlEvent.ParticipantLeft stale && await audience.FindAsync(e.Room, stale.Participant.ParticipantId) is not null) return;
        if (e is SfuControlEvent.TrackPublished published) relays.AfterPublish(e.Room, nodeId);
        await DispatchToClientsAsync(nodeId, e);
        // A hand goes down with the participant who raised it.
        if (e is SfuControlEvent.ParticipantLeft left
            && await classroom.LowerHandAsync(e.Room, left.Participant.ParticipantId))
            await hub.Clients.Group(RoomGroups.Of(e.Room)).HandChanged(
                new HandMessage(left.Participant.ParticipantId, false, time.GetUtcNow().ToUnixTimeMilliseconds()));
    }

    private Task DispatchToClientsAsync(string nodeId, SfuControlEvent e)
    {
        switch (e)
        {
            case SfuControlEvent.SubscriberOffer offer:
                // Only the participant's own node offers it anything: an offer from elsewhere is for a namesake
                // there (a stale session on a node it left), and answering it would go to the wrong node.
                if (registry.TryGetConnection(offer.Room, offer.ParticipantId, out string connection)
                    && registry.TryGetBinding(connection, out var bound) && bound.NodeId == nodeId)
                    return hub.Clients.Client(connection).SubscriberOffer(SubscriberOfferMessage.From(offer));
                logger.LogDebug("subscriber offer for {Participant} in room {Room}: no connection here", offer.ParticipantId, offer.Room);
                return Task.CompletedTask;
            case SfuControlEvent.ParticipantJoined joined:
                return Room(e.Room, except: joined.Participant.ParticipantId).ParticipantJoined(ParticipantInfo.From(joined.Participant));
            case SfuControlEvent.ParticipantLeft left:
                return Room(e.Room).ParticipantLeft(new ParticipantLeftMessage(ParticipantInfo.From(left.Participant), left.Reason));
            case SfuControlEvent.TrackPublished published:
                return Room(e.Room, except: published.Track.ParticipantId).TrackPublished(TrackInfo.From(published.Track));
            case SfuControlEvent.TrackUnpublished unpublished:
                return Room(e.Room, except: unpublished.Track.ParticipantId).TrackUnpublished(TrackInfo.From(unpublished.Track));
            case SfuControlEvent.TrackMuted muted:
                return Room(e.Room).TrackMuted(TrackMutedMessage.From(muted));
            case SfuControlEvent.RoleChanged changed:
                if (RoomRoles.TryParse(changed.Participant.Role, out var role))
                    registry.UpdateRole(changed.Room, changed.Participant.ParticipantId, role);
                return Room(e.Room).RoleChanged(ParticipantInfo.From(changed.Participant));
            case SfuControlEvent.ActiveSpeaker speaker:
                return Room(e.Room).ActiveSpeaker(new ActiveSpeakerMessage(speaker.ParticipantId));
            case SfuControlEvent.SessionReplaced:
                // RoomHub.Join tells the replaced connection itself: only it still knows that connection's id,
                // since the registry now points the participant at the new one.
                return Task.CompletedTask;
            default:
                return Task.CompletedTask;
        }
    }

    private static bool IsRelayEcho(SfuControlEvent e) => e switch
    {
        SfuControlEvent.ParticipantJoined j => j.Participant.Relayed || RelayParticipants.IsPuller(j.Participant.ParticipantId),
        SfuControlEvent.ParticipantLeft l => l.Participant.Relayed || RelayParticipants.IsPuller(l.Participant.ParticipantId),
        SfuControlEvent.TrackPublished p => p.Track.Relayed,
        SfuControlEvent.TrackUnpublished u => u.Track.Relayed,
        SfuControlEvent.TrackMuted m => m.Track.Relayed,
        _ => false,
    };

    /// <summary>The room's connections on this instance, without the participant's own (it knows what it did).</summary>
    private IRoomClient Room(string room, string? except = null)
    {
        var ids = new List<string>();
        foreach (var binding in registry.InRoom(room))
            if (binding.ParticipantId != except) ids.Add(binding.ConnectionId);
        return hub.Clients.Clients(ids);
    }
}
