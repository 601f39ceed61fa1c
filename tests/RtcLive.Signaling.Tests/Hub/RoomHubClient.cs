using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using RtcLive.Signaling.Classroom;
using RtcLive.Signaling.Hubs.Contracts;

namespace RtcLive.Signaling.Tests.Hubs;

/// <summary>A .NET SignalR client of the room hub, as the web client uses it: typed calls, and the events it was sent, in order.</summary>
internal sealed class RoomHubClient : IAsyncDisposable
{
    private readonly Channel<SubscriberOfferMessage> _offers = Channel.CreateUnbounded<SubscriberOfferMessage>();
    private readonly Channel<SessionReplacedMessage> _replaced = Channel.CreateUnbounded<SessionReplacedMessage>();
    private readonly Channel<ParticipantInfo> _joined = Channel.CreateUnbounded<ParticipantInfo>();
    private readonly Channel<TrackInfo> _published = Channel.CreateUnbounded<TrackInfo>();
    private readonly Channel<TrackInfo> _unpublished = Channel.CreateUnbounded<TrackInfo>();
    private readonly Channel<ParticipantLeftMessage> _left = Channel.CreateUnbounded<ParticipantLeftMessage>();
    private readonly Channel<TrackMutedMessage> _muted = Channel.CreateUnbounded<TrackMutedMessage>();
    private readonly Channel<ParticipantInfo> _roles = Channel.CreateUnbounded<ParticipantInfo>();
    private readonly Channel<HandMessage> _hands = Channel.CreateUnbounded<HandMessage>();
    private readonly Channel<ChatMessage> _chat = Channel.CreateUnbounded<ChatMessage>();
    private readonly Channel<ClassEndedMessage> _ended = Channel.CreateUnbounded<ClassEndedMessage>();
    private readonly Channel<RemovedMessage> _removed = Channel.CreateUnbounded<RemovedMessage>();
    private readonly Channel<RejoinMessage> _rejoin = Channel.CreateUnbounded<RejoinMessage>();

    public RoomHubClient(HubConnection connection)
    {
        Connection = connection;
        connection.On<SubscriberOfferMessage>("SubscriberOffer", m => _offers.Writer.TryWrite(m));
        connection.On<SessionReplacedMessage>("SessionReplaced", m => _replaced.Writer.TryWrite(m));
        connection.On<ParticipantInfo>("ParticipantJoined", m => _joined.Writer.TryWrite(m));
        connection.On<TrackInfo>("TrackPublished", m => _published.Writer.TryWrite(m));
        connection.On<TrackInfo>("TrackUnpublished", m => _unpublished.Writer.TryWrite(m));
        connection.On<ParticipantLeftMessage>("ParticipantLeft", m => _left.Writer.TryWrite(m));
        connection.On<TrackMutedMessage>("TrackMuted", m => _muted.Writer.TryWrite(m));
        connection.On<ParticipantInfo>("RoleChanged", m => _roles.Writer.TryWrite(m));
        connection.On<HandMessage>("HandChanged", m => _hands.Writer.TryWrite(m));
        connection.On<ChatMessage>("ChatMessage", m => _chat.Writer.TryWrite(m));
        connection.On<ClassEndedMessage>("ClassEnded", m => _ended.Writer.TryWrite(m));
        connection.On<RemovedMessage>("Removed", m => _removed.Writer.TryWrite(m));
        connection.On<RejoinMessage>("Rejoin", m => _rejoin.Writer.TryWrite(m));
    }

    public HubConnection Connection { get; }

    public Task<JoinResult> JoinAsync(JoinRequest request) => Call<JoinResult>("Join", request);

    public Task<string> PublishAsync(string sdp, params PublishedTrack[] tracks) =>
        Call<string>("Publish", new PublishRequest { Sdp = sdp, Tracks = tracks });

    public Task AnswerSubscriptionAsync(string sdp) => Connection.InvokeAsync("AnswerSubscription", sdp).WaitAsync(SignalingTestHost.Timeout);

    public Task SetLayerAsync(string layer) => Connection.InvokeAsync("SetLayer", layer).WaitAsync(SignalingTestHost.Timeout);

    public Task<StatsResult> GetStatsAsync() => Call<StatsResult>("GetStats");

    public Task SetPausedAsync(string trackId, bool paused) => Connection.InvokeAsync("SetPaused", trackId, paused).WaitAsync(SignalingTestHost.Timeout);

    public Task MuteTrackAsync(string source, bool muted) => Connection.InvokeAsync("MuteTrack", source, muted).WaitAsync(SignalingTestHost.Timeout);

    public Task<TrackMutedMessage> NextTrackMutedAsync() => Next(_muted, "TrackMuted");

    public Task LeaveAsync() => Connection.InvokeAsync("Leave").WaitAsync(SignalingTestHost.Timeout);

    public Task<SubscriberOfferMessage> NextOfferAsync() => Next(_offers, "SubscriberOffer");

    public Task<SessionReplacedMessage> NextSessionReplacedAsync() => Next(_replaced, "SessionReplaced");

    public Task<ParticipantInfo> NextParticipantJoinedAsync() => Next(_joined, "ParticipantJoined");

    public Task<TrackInfo> NextTrackPublishedAsync() => Next(_published, "TrackPublished");

    /// <summary>Any hub method, with its arguments; refusals throw <see cref="Microsoft.AspNetCore.SignalR.HubException"/>.</summary>
    public Task InvokeAsync(string method, params object?[] args) => Connection.InvokeCoreAsync(method, args).WaitAsync(SignalingTestHost.Timeout);

    public Task<T> InvokeAsync<T>(string method, params object?[] args) => Call<T>(method, args);

    public Task<ParticipantInfo> NextRoleChangedAsync() => Next(_roles, "RoleChanged");

    public Task<HandMessage> NextHandChangedAsync() => Next(_hands, "HandChanged");

    public Task<ChatMessage> NextChatMessageAsync() => Next(_chat, "ChatMessage");

    public Task<ClassEndedMessage> NextClassEndedAsync() => Next(_ended, "ClassEnded");

    public Task<RemovedMessage> NextRemovedAsync() => Next(_removed, "Removed");

    public Task<RejoinMessage> NextRejoinAsync() => Next(_rejoin, "Rejoin");

    public int PendingChatMessages => _chat.Reader.Count;

    public int PendingParticipantLeft => _left.Reader.Count;

    public Task<TrackInfo> NextTrackUnpublishedAsync() => Next(_unpublished, "TrackUnpublished");

    public Task<ParticipantLeftMessage> NextParticipantLeftAsync() => Next(_left, "ParticipantLeft");

    public bool HasSessionReplaced => _replaced.Reader.Count > 0;

    private Task<T> Call<T>(string method, params object?[] args) =>
        Connection.InvokeCoreAsync<T>(method, args).WaitAsync(SignalingTestHost.Timeout);

    private static async Task<T> Next<T>(Channel<T> channel, string what)
    {
        using var timeout = new CancellationTokenSource(SignalingTestHost.Timeout);
        try
        {
            return await channel.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no {what} within {SignalingTestHost.Timeout.TotalSeconds} s");
        }
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
