using System.Text;
using Microsoft.Extensions.Logging;
using RtcLive.Sfu.Control;
using RtcLive.WebRtc.Client;
using RtcLive.WebRtc.Rtcp;
using RtcLive.WebRtc.Rtp;
using RtcLive.WebRtc.Sdp;
using RtcLive.WebRtc.Transport;

namespace RtcLive.Relay;

/// <summary>
/// One participant of the origin node, republished in this node's room: a client peer publishes its tracks
/// into the local node exactly as a browser would (DTLS-SRTP over the node's own media port), so local
/// subscribers take them like any other. A simulcast track is republished as simulcast with the origin's rids,
/// each layer the link carries on its own stream, so local simulcast selectors switch between them as usual.
/// Packets the link receives are re-addressed to this peer's streams; keyframe requests and NACKs the local node
/// sends it go back across the link, naming the layer.
/// </summary>
internal sealed class RelayedPublisher : IMediaReceiver, IDisposable
{
    private readonly RelayLink _link;
    private readonly ILogger _logger;
    private readonly ClientPeer _peer;
    private readonly byte[] _buffer = new byte[1600];
    private readonly Dictionary<uint, string> _midByLocalSsrc = [];
    // Simulcast tracks: our SSRC and rid bytes per layer, and which (track, layer) an SSRC of ours is.
    private readonly uint[][] _layerSsrcs;
    private readonly byte[][][] _layerRids;
    private readonly Dictionary<uint, (int Index, int Layer)> _layerBySsrc = [];
    // This peer's negotiated m-line per track index (mid = index): looked up per packet without allocating.
    private NegotiatedMedia?[] _local = [];

    public RelayedPublisher(RelayLink link, string participantId, string name, IReadOnlyList<RelayedTrack> tracks, ILogger logger)
    {
        _link = link;
        _logger = logger;
        ParticipantId = participantId;
        Name = name;
        Tracks = tracks;
        _peer = new ClientPeer(link.PeerOptions) { Receiver = this };
        _layerSsrcs = new uint[tracks.Count][];
        _layerRids = new byte[tracks.Count][][];
        for (int i = 0; i < tracks.Count; i++)
        {
            var layers = tracks[i].Layers;
            _layerSsrcs[i] = new uint[layers.Count];
            _layerRids[i] = new byte[layers.Count][];
            for (int l = 0; l < layers.Count; l++)
            {
                uint ssrc;
                do ssrc = (uint)System.Security.Cryptography.RandomNumberGenerator.GetInt32(1, int.MaxValue);
                while (_layerBySsrc.ContainsKey(ssrc));
                _layerSsrcs[i][l] = ssrc;
                _layerRids[i][l] = Encoding.ASCII.GetBytes(layers[l].Rid);
                _layerBySsrc[ssrc] = (i, l);
            }
        }
    }

    public string ParticipantId { get; }

    public string Name { get; }

    public IReadOnlyList<RelayedTrack> Tracks { get; }

    /// <summary>Joins the local room as a relayed publisher and publishes the tracks, one m-line each, same codecs as the link's.</summary>
    public async Task StartAsync(LocalSfuNodeControl local, string room, CancellationToken ct)
    {
        var transceivers = new List<ClientTransceiver>(Tracks.Count);
        var published = new List<SfuPublishedTrack>(Tracks.Count);
        for (int i = 0; i < Tracks.Count; i++)
        {
            var track = Tracks[i];
            string mid = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var rids = new string[track.Layers.Count];
            for (int l = 0; l < rids.Length; l++) rids[l] = track.Layers[l].Rid;
            transceivers.Add(new ClientTransceiver(track.Kind, MediaDirection.SendOnly) { Mid = mid, Codecs = [track.Media.Codec], SimulcastRids = rids });
            published.Add(new SfuPublishedTrack(mid, track.Source));
        }
        string offer = _peer.CreateOffer([.. transceivers]);
        await local.JoinRelayedAsync(room, ParticipantId, Name, "presenter", ct);
        string answer = await local.PublishAsync(room, ParticipantId, offer, published, ct);
        _peer.SetRemoteAnswer(answer);
        var byIndex = new NegotiatedMedia?[Tracks.Count];
        foreach (var media in _peer.Media)
        {
            if (int.TryParse(media.Mid, System.Globalization.CultureInfo.InvariantCulture, out int index) && index >= 0 && index < byIndex.Length)
                byIndex[index] = media;
            if (media.LocalSsrc is { } ssrc) _midByLocalSsrc[ssrc] = media.Mid;
        }
        _local = byIndex;
        await _peer.ConnectAsync(ct);
    }

    /// <summary>
    /// Sends one packet received from the origin on this peer's stream for the track at <paramref name="index"/>
    /// and, for a simulcast track, its <paramref name="layer"/> (-1 for a track without simulcast).
    /// </summary>
    public void Forward(int index, int layer, Span<byte> packet)
    {
        var locals = _local;
        if ((uint)index >= (uint)locals.Length || locals[index] is not { } local) return;
        byte[]? rid = null;
        uint ssrc;
        if (layer >= 0)
        {
            if ((uint)layer >= (uint)_layerSsrcs[index].Length) return;
            ssrc = _layerSsrcs[index][layer];
            rid = _layerRids[index][layer];
        }
        else if (local.LocalSsrc is { } single) ssrc = single;
        else return;
        if (!RtpHeader.TryParse(packet, out var header)) return;
        var track = Tracks[index];
        var payload = header.Payload;

        // The local node finds the stream by its SSRC (announced) and mid; the audio level feeds its active speaker.
        Span<byte> block = stackalloc byte[32];
        var extensions = new RtpHeaderExtensionWriter(block, RtpExtensionForm.OneByte);
        Span<byte> midBytes = stackalloc byte[16];
        int midLength = Encoding.ASCII.GetBytes(local.Mid, midBytes);
        if (local.MidExtensionId != 0) extensions.TryAdd(local.MidExtensionId, midBytes[..midLength]);
        if (rid is not null && local.RidExtensionId != 0) extensions.TryAdd(local.RidExtensionId, rid);
        if (local.AudioLevelExtensionId != 0 && track.Media.AudioLevelExtensionId != 0
            && header.TryGetExtension(track.Media.AudioLevelExtensionId, out var level))
            extensions.TryAdd(local.AudioLevelExtensionId, level);
        int blockLength = extensions.Finish();

        var fields = new RtpHeaderFields(local.PayloadType, header.SequenceNumber, header.Timestamp, ssrc, header.Marker);
        int written = RtpHeaderWriter.Write(_buffer, fields, default, block[..blockLength]);
        if (written + payload.Length > _buffer.Length) return;
        payload.CopyTo(_buffer.AsSpan(written));
        _peer.SendRtp(_buffer.AsSpan(0, written + payload.Length));
    }

    /// <summary>The local node's RTCP to this publisher: picture loss and NACKs go back across the link.</summary>
    void IMediaReceiver.OnRtcp(Span<byte> packet)
    {
        Span<ushort> lost = stackalloc ushort[64];
        foreach (var rtcp in new RtcpCompoundReader(packet))
        {
            if (PictureLossIndication.TryParse(rtcp, out var pli))
            {
                if (TrackOf(pli.MediaSsrc, out int layer) is { } index) _link.RequestKeyframe(Tracks[index], layer);
            }
            else if (GenericNack.TryParse(rtcp, out var nack) && TrackOf(nack.MediaSsrc, out int nackedLayer) is { } nacked)
            {
                int count = 0;
                foreach (ushort seq in nack.LostSequenceNumbers)
                {
                    if (count == lost.Length) break;
                    lost[count++] = seq;
                }
                _link.RequestRetransmission(Tracks[nacked], nackedLayer, lost[..count]);
            }
        }
    }

    void IMediaReceiver.OnRtp(Span<byte> packet)
    {
        // A publisher receives no media.
    }

    private int? TrackOf(uint localSsrc, out int layer)
    {
        if (_layerBySsrc.TryGetValue(localSsrc, out var simulcast))
        {
            layer = simulcast.Layer;
            return simulcast.Index;
        }
        layer = -1;
        if (!_midByLocalSsrc.TryGetValue(localSsrc, out string? mid)) return null;
        return int.TryParse(mid, System.Globalization.CultureInfo.InvariantCulture, out int index) && index < Tracks.Count ? index : null;
    }

    public void Dispose()
    {
        _peer.Dispose();
        _logger.LogDebug("relayed publisher {Participant} closed", ParticipantId);
    }
}

/// <summary>
/// A track the link receives from the origin: who publishes it, what it is, and how it arrives: on one SSRC, or
/// for a simulcast track each layer on its own (<paramref name="Layers"/>, lowest first; empty without simulcast).
/// </summary>
internal sealed record RelayedTrack(SfuSubscribedTrack Info, NegotiatedMedia Media, IReadOnlyList<SfuRelayLayer> Layers)
{
    /// <summary>The layers pulled now, with the hold-down; driven by the link's loop only.</summary>
    public Layers.RelayLayerSet LayerSet { get; } = new();

    public Layers.RelayLayerBitrates Bitrates { get; } = new();

    public MediaKind Kind => Info.Kind == "audio" ? MediaKind.Audio : MediaKind.Video;

    public string Source => Info.Source;

    /// <summary>The origin's SSRC for this track toward the link.</summary>
    public uint? OriginSsrc => Media.RemoteSsrcs.Count > 0 ? Media.RemoteSsrcs[0] : null;
}
