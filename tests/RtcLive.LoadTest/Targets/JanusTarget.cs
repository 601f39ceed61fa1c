using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using RtcLive.LoadTest.Media;
using RtcLive.LoadTest.Receive;

namespace RtcLive.LoadTest.Targets;

/// <summary>
/// Janus VideoRoom over its HTTP API: a room per publisher created with no bitrate cap, publishers join and
/// <c>publish</c> with our offer, subscribers <c>join</c> as subscribers to the publisher's feed at the chosen
/// substream, answer Janus's offer and <c>start</c>. Janus must run with <c>ice_lite</c> (our peer only takes
/// the controlling ICE role when it answers); tests/bench/janus holds that configuration.
/// </summary>
internal sealed class JanusTarget(Uri apiUrl, int substream, IReadOnlyList<LayerSpec> layers, PeerFactory peers) : ILoadTarget
{
    private const string Plugin = "janus.plugin.videoroom";

    private readonly JanusClient _janus = new(apiUrl);
    private readonly ConcurrentDictionary<int, (long Room, long Feed)> _feeds = new();
    private readonly long _roomBase = Random.Shared.Next(1_000_000, 2_000_000_000);
    private bool _started;

    public string Name => "janus";

    public async Task<PublisherSession> PublishAsync(int room, CancellationToken ct)
    {
        if (!_started)
        {
            await _janus.StartAsync(ct);
            _started = true;
        }
        long roomId = _roomBase + room;
        long handle = await _janus.AttachAsync(Plugin, ct);
        await _janus.RequestAsync(handle, new JsonObject
        {
            ["request"] = "create", ["room"] = roomId, ["publishers"] = 4, ["bitrate"] = 0, ["fir_freq"] = 0,
            ["videocodec"] = "vp8", ["audiocodec"] = "opus", ["notify_joining"] = false, ["permanent"] = false,
        }, ct);
        var joined = await _janus.MessageAsync(handle, new JsonObject
        {
            ["request"] = "join", ["ptype"] = "publisher", ["room"] = roomId, ["display"] = $"presenter-{room}",
        }, null, ct);
        long feed = JanusClient.PluginData(joined).GetProperty("id").GetInt64();

        var peer = peers.Create();
        try
        {
            string offer = PeerFactory.PublisherOffer(peer, layers);
            var published = await _janus.MessageAsync(handle, new JsonObject { ["request"] = "publish", ["audio"] = true, ["video"] = true },
                Jsep("offer", offer), ct);
            peer.SetRemoteAnswer(JsepSdp(published));
            var streams = await PeerFactory.ConnectPublisherAsync(peer, layers, room, ct);
            _feeds[room] = (roomId, feed);
            return new PublisherSession(peer, streams, async () =>
            {
                await _janus.RequestAsync(handle, new JsonObject { ["request"] = "destroy", ["room"] = roomId }, CancellationToken.None);
                await _janus.DetachAsync(handle, CancellationToken.None);
            });
        }
        catch
        {
            peer.Dispose();
            throw;
        }
    }

    public async Task<SubscriberSession> SubscribeAsync(int room, int subscriber, CancellationToken ct)
    {
        var (roomId, feed) = _feeds[room];
        long handle = await _janus.AttachAsync(Plugin, ct);
        var peer = peers.Create();
        var receiver = new SubscriberReceiver();
        peer.Receiver = receiver;
        try
        {
            var attached = await _janus.MessageAsync(handle, new JsonObject
            {
                ["request"] = "join", ["ptype"] = "subscriber", ["room"] = roomId,
                ["streams"] = new JsonArray(new JsonObject { ["feed"] = feed, ["substream"] = substream }),
            }, null, ct);
            string answer = peer.AcceptOffer(JsepSdp(attached));
            await _janus.MessageAsync(handle, new JsonObject { ["request"] = "start" }, Jsep("answer", answer), ct);
            await peer.ConnectAsync(ct);
            receiver.Bind(peer, PeerFactory.FindVideo(peer));
            return new SubscriberSession(peer, receiver, () => new ValueTask(_janus.DetachAsync(handle, CancellationToken.None)));
        }
        catch
        {
            peer.Dispose();
            throw;
        }
    }

    private static JsonObject Jsep(string type, string sdp) => new() { ["type"] = type, ["sdp"] = sdp, ["trickle"] = false };

    private static string JsepSdp(JsonElement evt) =>
        evt.TryGetProperty("jsep", out var jsep) && jsep.GetProperty("sdp").GetString() is { } sdp
            ? sdp
            : throw new InvalidOperationException("janus answered without a JSEP");

    public ValueTask DisposeAsync() => _janus.DisposeAsync();
}
