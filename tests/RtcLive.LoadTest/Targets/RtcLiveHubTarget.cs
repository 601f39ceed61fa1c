using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using RtcLive.LoadTest.Media;
using RtcLive.LoadTest.Receive;

namespace RtcLive.LoadTest.Targets;

/// <summary>
/// RtcLive through its SignalR hub, as the web client uses it: a dev token per participant, <c>Join</c>,
/// <c>Publish</c> for presenters; viewers answer <c>SubscriberOffer</c>s (later ones too, when tracks change)
/// and pick their simulcast layer with <c>SetLayer</c>.
/// </summary>
internal sealed class RtcLiveHubTarget(Uri baseAddress, string roomPrefix, string layer, IReadOnlyList<LayerSpec> layers, PeerFactory peers,
    string? subscriberRegion = null)
    : ILoadTarget
{
    private readonly HttpClient _http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public string Name => "rtclive";

    public async Task<PublisherSession> PublishAsync(int room, CancellationToken ct)
    {
        string roomName = RoomName(room);
        var hub = await ConnectAsync(roomName, $"presenter-{room}", "presenter", ct);
        var peer = peers.Create();
        try
        {
            await hub.InvokeAsync<JsonElement>("Join", new { room = roomName }, ct);
            string offer = PeerFactory.PublisherOffer(peer, layers);
            var request = new { sdp = offer, tracks = new[] { new { mid = "0", source = "camera" }, new { mid = "1", source = "microphone" } } };
            string answer = await hub.InvokeAsync<string>("Publish", request, ct);
            peer.SetRemoteAnswer(answer);
            var streams = await PeerFactory.ConnectPublisherAsync(peer, layers, room, ct);
            return new PublisherSession(peer, streams, () => hub.DisposeAsync());
        }
        catch
        {
            peer.Dispose();
            await hub.DisposeAsync();
            throw;
        }
    }

    public async Task<SubscriberSession> SubscribeAsync(int room, int subscriber, CancellationToken ct)
    {
        string roomName = RoomName(room);
        var offers = Channel.CreateUnbounded<string>();
        var hub = await ConnectAsync(roomName, $"viewer-{room}-{subscriber}", "viewer", ct, h =>
            h.On<JsonElement>("SubscriberOffer", m => offers.Writer.TryWrite(m.GetProperty("sdp").GetString() ?? "")));
        var peer = peers.Create();
        var receiver = new SubscriberReceiver();
        peer.Receiver = receiver;
        var answering = new CancellationTokenSource();
        try
        {
            await hub.InvokeAsync<JsonElement>("Join", new { room = roomName, region = subscriberRegion }, ct);
            string first = await offers.Reader.ReadAsync(ct);
            await hub.InvokeAsync("AnswerSubscription", peer.AcceptOffer(first), ct);
            await peer.ConnectAsync(ct);
            receiver.Bind(peer, PeerFactory.FindVideo(peer));
            await hub.InvokeAsync("SetLayer", layer, ct);
            // Later offers renegotiate over the same transport (a track came or went); answer them as a browser would.
            _ = AnswerLaterOffersAsync(hub, peer, receiver, offers.Reader, answering.Token);
            return new SubscriberSession(peer, receiver, async () =>
            {
                await answering.CancelAsync();
                await hub.DisposeAsync();
            });
        }
        catch
        {
            await answering.CancelAsync();
            peer.Dispose();
            await hub.DisposeAsync();
            throw;
        }
    }

    private static async Task AnswerLaterOffersAsync(HubConnection hub, WebRtc.Client.ClientPeer peer, SubscriberReceiver receiver,
        ChannelReader<string> offers, CancellationToken ct)
    {
        try
        {
            await foreach (string offer in offers.ReadAllAsync(ct))
            {
                await hub.InvokeAsync("AnswerSubscription", peer.AcceptOffer(offer), ct);
                receiver.Bind(peer, PeerFactory.FindVideo(peer));
            }
        }
        catch (Exception)
        {
            // The run is ending or the hub went away; the counters will show what that cost.
        }
    }

    private string RoomName(int room) => $"{roomPrefix}-{room}";

    private async Task<HubConnection> ConnectAsync(string room, string name, string role, CancellationToken ct, Action<HubConnection>? handlers = null)
    {
        var token = await _http.GetFromJsonAsync<JsonElement>(
            $"/api/dev/token?room={Uri.EscapeDataString(room)}&name={Uri.EscapeDataString(name)}&role={role}", ct);
        string bearer = token.GetProperty("token").GetString() ?? throw new InvalidOperationException("the dev token endpoint returned no token");
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(_http.BaseAddress!, $"/hubs/room?room={Uri.EscapeDataString(room)}"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                options.AccessTokenProvider = () => Task.FromResult<string?>(bearer);
            })
            .Build();
        handlers?.Invoke(hub);
        await hub.StartAsync(ct);
        return hub;
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
