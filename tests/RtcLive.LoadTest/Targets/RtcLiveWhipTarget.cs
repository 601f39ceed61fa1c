using System.Net;
using System.Net.Http.Headers;
using System.Text;
using RtcLive.LoadTest.Media;
using RtcLive.LoadTest.Receive;
using RtcLive.WebRtc.Sdp;
using RtcLive.WebRtc.Client;

namespace RtcLive.LoadTest.Targets;

/// <summary>
/// RtcLive over WHIP (publishers) and WHEP (subscribers): one HTTP exchange each, no hub. A WHEP viewer cannot
/// choose a layer; it gets the best one its bandwidth allows.
/// </summary>
internal sealed class RtcLiveWhipTarget(Uri baseAddress, string roomPrefix, IReadOnlyList<LayerSpec> layers, PeerFactory peers) : ILoadTarget
{
    private readonly HttpClient _http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public string Name => "rtclive-whip";

    public async Task<PublisherSession> PublishAsync(int room, CancellationToken ct)
    {
        var peer = peers.Create();
        try
        {
            var (answer, location) = await ExchangeAsync($"/whip/{RoomName(room)}", PeerFactory.PublisherOffer(peer, layers), ct);
            peer.SetRemoteAnswer(answer);
            var streams = await PeerFactory.ConnectPublisherAsync(peer, layers, room, ct);
            return new PublisherSession(peer, streams, () => DeleteAsync(location));
        }
        catch
        {
            peer.Dispose();
            throw;
        }
    }

    public async Task<SubscriberSession> SubscribeAsync(int room, int subscriber, CancellationToken ct)
    {
        var peer = peers.Create();
        var receiver = new SubscriberReceiver();
        peer.Receiver = receiver;
        try
        {
            string offer = peer.CreateOffer(
                new ClientTransceiver(MediaKind.Video, MediaDirection.RecvOnly),
                new ClientTransceiver(MediaKind.Audio, MediaDirection.RecvOnly));
            var (answer, location) = await ExchangeAsync($"/whep/{RoomName(room)}", offer, ct);
            peer.SetRemoteAnswer(answer);
            await peer.ConnectAsync(ct);
            receiver.Bind(peer, PeerFactory.FindVideo(peer));
            return new SubscriberSession(peer, receiver, () => DeleteAsync(location));
        }
        catch
        {
            peer.Dispose();
            throw;
        }
    }

    private async Task<(string Answer, string? Location)> ExchangeAsync(string path, string offer, CancellationToken ct)
    {
        using var content = new StringContent(offer, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/sdp");
        using var response = await _http.PostAsync(path, content, ct);
        string body = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {body.Trim()}");
        return (body, response.Headers.Location?.ToString());
    }

    private async ValueTask DeleteAsync(string? location)
    {
        if (location is null) return;
        using var response = await _http.DeleteAsync(location);
    }

    private string RoomName(int room) => $"{roomPrefix}-{room}";

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
