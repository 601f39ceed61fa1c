namespace RtcLive.WebRtc.Sdp;

/// <summary>
/// Writes a JSEP offer (RFC 9429 §5.2) for this stack's own client peer: one m-line per transceiver, all in one
/// BUNDLE group, rtcp-mux and reduced-size RTCP, <c>a=setup:actpass</c>, shared ICE credentials and fingerprint,
/// the given codecs and header extensions, and the tracks it sends (msid, SSRCs or simulcast rids).
/// </summary>
public static class SdpOfferBuilder
{
    public static SessionDescription Build(OfferOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var offer = new SessionDescription
        {
            Origin = SdpOrigin.ForSession(options.SessionId, options.SessionVersion),
            IceLite = options.IceLite,
        };
        var bundle = new SdpGroup(SdpGroup.Bundle);
        var streamIds = new List<string>();

        for (int i = 0; i < options.Transceivers.Count; i++)
        {
            var transceiver = options.Transceivers[i];
            var media = Section(transceiver, i.ToString(System.Globalization.CultureInfo.InvariantCulture), options);
            if (offer.FindMedia(media.Mid!) is not null)
                throw new ArgumentException($"mid '{media.Mid}' is used by more than one transceiver", nameof(options));
            offer.Media.Add(media);
            bundle.Mids.Add(media.Mid!);
            foreach (var msid in media.Msids)
                if (!streamIds.Contains(msid.StreamId)) streamIds.Add(msid.StreamId);
        }

        if (bundle.Mids.Count > 0) offer.Groups.Add(bundle);
        offer.MsidSemantic = new MsidSemantic("WMS", streamIds);
        return offer;
    }

    private static MediaDescription Section(OfferedTransceiver transceiver, string defaultMid, OfferOptions options)
    {
        bool audio = transceiver.Kind == MediaKind.Audio;
        var media = new MediaDescription(transceiver.Kind)
        {
            Connection = SdpConnection.Unspecified,
            IceUfrag = options.IceCredentials.Ufrag,
            IcePwd = options.IceCredentials.Password,
            Setup = SetupRole.ActPass,
            Mid = transceiver.Mid ?? defaultMid,
            Direction = transceiver.Direction,
            RtcpMux = true,
            RtcpReducedSize = true,
            EndOfCandidates = options.EndOfCandidates,
        };
        media.IceOptions.AddRange(options.IceOptions);
        media.Fingerprints.Add(options.Fingerprint);
        media.Extensions.AddRange(audio ? options.AudioExtensions : options.VideoExtensions);
        foreach (var codec in transceiver.Codecs ?? (audio ? options.AudioCodecs : options.VideoCodecs))
            media.AddCodec(codec.Clone());

        if (transceiver.Direction.Sends())
            transceiver.Track?.AnnounceIn(media, signalSsrcs: transceiver.SimulcastRids.Count == 0);

        if (transceiver.Direction.Sends() && transceiver.SimulcastRids.Count > 0)
        {
            var simulcast = new SimulcastDescription();
            foreach (string rid in transceiver.SimulcastRids)
            {
                media.Rids.Add(new RidDescription(rid, RidDirection.Send));
                simulcast.Send.Add(new SimulcastStream([new SimulcastRid(rid)]));
            }
            media.Simulcast = simulcast;
        }

        media.Candidates.AddRange(options.Candidates);
        return media;
    }
}
