using System.Net;
using RtcLive.LoadTest.Media;
using RtcLive.WebRtc.Client;
using RtcLive.WebRtc.Dtls;
using RtcLive.WebRtc.Sdp;

namespace RtcLive.LoadTest.Targets;

/// <summary>
/// Makes the client peers of a run. One DTLS certificate serves them all: generating one per peer would spend
/// the load generator's CPU, which it shares with the SFU under test, on something a real client does once.
/// </summary>
internal sealed class PeerFactory(IPAddress localAddress)
{
    private readonly DtlsCertificate _certificate = DtlsCertificate.Generate();

    public ClientPeer Create() => new(new ClientPeerOptions
    {
        LocalEndPoint = new IPEndPoint(localAddress, 0),
        Certificate = _certificate,
        // Keyframe bursts to hundreds of peers: a deep buffer keeps the kernel from dropping what the SFU sent.
        ReceiveBufferBytes = 4 * 1024 * 1024,
    });

    /// <summary>A publisher's offer: a simulcast camera (rids of <paramref name="layers"/>, lowest first) and a microphone.</summary>
    public static string PublisherOffer(ClientPeer peer, IReadOnlyList<LayerSpec> layers)
    {
        var rids = new string[layers.Count];
        for (int i = 0; i < rids.Length; i++) rids[i] = layers[i].Rid;
        return peer.CreateOffer(
            new ClientTransceiver(MediaKind.Video, MediaDirection.SendOnly) { Mid = "0", SimulcastRids = rids },
            new ClientTransceiver(MediaKind.Audio, MediaDirection.SendOnly) { Mid = "1" });
    }

    /// <summary>Waits for DTLS-SRTP and wraps the peer's negotiated m-lines in the synthetic streams.</summary>
    public static async Task<PublisherStreams> ConnectPublisherAsync(ClientPeer peer, IReadOnlyList<LayerSpec> layers, int index, CancellationToken ct)
    {
        await peer.ConnectAsync(ct);
        NegotiatedMedia? video = null, audio = null;
        foreach (var media in peer.Media)
        {
            if (media.Kind == MediaKind.Video) video ??= media;
            else if (media.Kind == MediaKind.Audio) audio ??= media;
        }
        if (video is null || audio is null) throw new InvalidOperationException("the SFU did not accept both the camera and the microphone");
        return new PublisherStreams(peer, video, audio, layers, index);
    }

    public static NegotiatedMedia? FindVideo(ClientPeer peer)
    {
        foreach (var media in peer.Media)
            if (media.Kind == MediaKind.Video) return media;
        return null;
    }
}
