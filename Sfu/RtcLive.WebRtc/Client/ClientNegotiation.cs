using System.Globalization;
using System.Security.Cryptography;
using RtcLive.WebRtc.Dtls;
using RtcLive.WebRtc.Ice;
using RtcLive.WebRtc.Sdp;
using RtcLive.WebRtc.Transport;

namespace RtcLive.WebRtc.Client;

/// <summary>
/// The offer/answer half of <see cref="ClientPeer"/>: writes our offer or answer with the SDP builders and reads
/// from the other side's description what the transport needs (ICE credentials and candidates, fingerprint,
/// DTLS role) and what each m-line settled on.
/// </summary>
internal static class ClientNegotiation
{
    public static SessionDescription BuildOffer(IReadOnlyList<ClientTransceiver> transceivers, LocalTransportDescription local)
    {
        if (transceivers.Count == 0)
            throw new ArgumentException("offer at least one transceiver", nameof(transceivers));
        var usedSsrcs = new HashSet<uint>();
        foreach (var transceiver in transceivers)
        {
            if (transceiver.Ssrc is { } ssrc) usedSsrcs.Add(ssrc);
            if (transceiver.RtxSsrc is { } rtx) usedSsrcs.Add(rtx);
        }

        var offered = new List<OfferedTransceiver>(transceivers.Count);
        for (int i = 0; i < transceivers.Count; i++)
        {
            var transceiver = transceivers[i];
            string mid = transceiver.Mid ?? i.ToString(CultureInfo.InvariantCulture);
            LocalTrack? track = null;
            if (transceiver.Direction.Sends())
            {
                // With simulcast the layers are told apart by rid, and their SSRCs are learned from the packets.
                bool signalSsrcs = transceiver.SimulcastRids.Count == 0;
                uint? ssrc = signalSsrcs ? transceiver.Ssrc ?? NewSsrc(usedSsrcs) : null;
                uint? rtxSsrc = signalSsrcs ? transceiver.RtxSsrc ?? NewSsrc(usedSsrcs) : null;
                track = new LocalTrack(local.StreamId, TrackId(transceiver.Kind, mid), local.Cname, ssrc, rtxSsrc);
            }
            offered.Add(new OfferedTransceiver(transceiver.Kind, transceiver.Direction)
            {
                Mid = mid,
                Track = track,
                SimulcastRids = transceiver.SimulcastRids,
                Codecs = transceiver.Codecs,
            });
        }

        return SdpOfferBuilder.Build(new OfferOptions
        {
            IceCredentials = local.SdpIce,
            Fingerprint = local.Fingerprint,
            Transceivers = offered,
            Candidates = [local.CandidateValue],
            EndOfCandidates = true,
        });
    }

    /// <summary>Reads the remote answer to <paramref name="offer"/>.</summary>
    /// <exception cref="SdpNegotiationException">The answer does not fit the offer or lacks what the transport needs.</exception>
    public static RemoteTransportDescription ReadAnswer(SessionDescription offer, SessionDescription answer,
        out IReadOnlyList<NegotiatedMedia> media)
    {
        if (answer.Media.Count != offer.Media.Count)
            throw new SdpNegotiationException($"the answer has {answer.Media.Count} m-lines, the offer {offer.Media.Count}");

        var negotiated = new List<NegotiatedMedia>();
        MediaDescription? first = null;
        for (int i = 0; i < offer.Media.Count; i++)
        {
            var offered = offer.Media[i];
            var answered = answer.Media[i];
            if (!string.Equals(answered.Mid, offered.Mid, StringComparison.Ordinal))
                throw new SdpNegotiationException($"m-line {i} of the answer has mid '{answered.Mid}', the offer '{offered.Mid}'");
            if (answered.IsRejected) continue;
            first ??= answered;
            // The answer's direction is the answerer's; ours is its mirror.
            var ourDirection = answer.GetDirection(answered).Reversed();
            negotiated.Add(NegotiatedMedia.Create(answer, answered, offered, answered, ourDirection));
        }
        if (first is null) throw new SdpNegotiationException("the answer rejected every m-line");

        // RFC 5763 §5: the answerer's active is the DTLS client; RFC 4145 §4: no attribute means active.
        var ourRole = answer.GetSetup(first) switch
        {
            SetupRole.Passive => DtlsRole.Client,
            SetupRole.Active or null => DtlsRole.Server,
            var other => throw new SdpNegotiationException($"an answer must say a=setup:active or passive, not {other.Value.ToSdp()}"),
        };
        media = negotiated;
        return ReadRemoteTransport(answer, first, ourRole);
    }

    /// <summary>Answers a remote offer. We are a full ICE agent that only takes the controlling role, so the offerer must be ice-lite.</summary>
    /// <exception cref="SdpNegotiationException">The offer cannot be answered by this peer.</exception>
    public static SessionDescription BuildAnswer(SessionDescription offer, ClientAnswerOptions options, LocalTransportDescription local,
        out RemoteTransportDescription remote, out IReadOnlyList<NegotiatedMedia> media)
    {
        if (!offer.IceLite)
        {
            // RFC 8445 §6.1.1: between two full agents the offerer controls. IceControllingAgent answers a
            // controlling peer's checks with 487 and fails its own pair on a 487, so one of the two sides would have
            // to give way: against a full-ICE offerer (a browser, another client peer) whether we connect would come
            // down to the tie-breakers. Refuse clearly instead; make the other side answer, or have it be ice-lite.
            throw new SdpNegotiationException(
                "the offerer is a full ICE agent and so takes the controlling role, which this peer cannot leave; " +
                "let this peer make the offer instead, or answer only offers from ice-lite endpoints (an SFU)");
        }

        var usedSsrcs = new HashSet<uint>();
        foreach (var section in offer.Media)
            foreach (uint ssrc in section.GetSsrcs()) usedSsrcs.Add(ssrc);

        var answer = SdpAnswerBuilder.Build(offer, new AnswerOptions
        {
            IceCredentials = local.SdpIce,
            Fingerprint = local.Fingerprint,
            IceLite = false,
            Candidates = [local.CandidateValue],
            EndOfCandidates = true,
            AudioCodecs = options.AudioCodecs,
            VideoCodecs = options.VideoCodecs,
            HeaderExtensions = options.HeaderExtensions,
            // We start the handshake ourselves once ICE has selected a pair, rather than wait for a ClientHello.
            SetupWhenOfferIsActPass = SetupRole.Active,
            ChooseMedia = offered => options.Send
                ? new AnswerMediaChoice
                {
                    Direction = MediaDirection.SendRecv,
                    SendTrack = new LocalTrack(local.StreamId, TrackId(offered.Kind, offered.Mid!), local.Cname,
                        NewSsrc(usedSsrcs), NewSsrc(usedSsrcs)),
                }
                : new AnswerMediaChoice { Direction = MediaDirection.RecvOnly },
        });

        var negotiated = new List<NegotiatedMedia>();
        MediaDescription? firstOffered = null;
        MediaDescription? firstAnswered = null;
        for (int i = 0; i < answer.Media.Count; i++)
        {
            var answered = answer.Media[i];
            if (answered.IsRejected) continue;
            firstOffered ??= offer.Media[i];
            firstAnswered ??= answered;
            negotiated.Add(NegotiatedMedia.Create(answer, answered, answered, offer.Media[i], answer.GetDirection(answered)));
        }
        if (firstOffered is null || firstAnswered is null)
            throw new SdpNegotiationException("no m-line of the offer can be accepted (audio and video over DTLS-SRTP with rtcp-mux and a common codec)");

        var ourRole = answer.GetSetup(firstAnswered) == SetupRole.Active ? DtlsRole.Client : DtlsRole.Server;
        remote = ReadRemoteTransport(offer, firstOffered, ourRole);
        media = negotiated;
        return answer;
    }

    private static RemoteTransportDescription ReadRemoteTransport(SessionDescription description, MediaDescription first, DtlsRole ourRole)
    {
        var sdpIce = description.GetIceCredentials(first);
        if (!IceCredentials.TryCreate(sdpIce?.Ufrag, sdpIce?.Password, out var ice))
            throw new SdpNegotiationException($"mid '{first.Mid}' has no valid a=ice-ufrag / a=ice-pwd");

        var fingerprint = RemoteTransportIdentity.FindFingerprint(description, first)
            ?? throw new SdpNegotiationException($"mid '{first.Mid}' has no usable a=fingerprint (sha-1/256/384/512)");

        // Everything is bundled on one transport; candidates may be repeated in each m-line, the agent drops
        // duplicates. Unparseable ones (e.g. Chrome's legacy ssltcp) are skipped here, unusable ones by the agent.
        var candidates = new List<IceCandidate>();
        foreach (var section in description.Media)
        {
            if (section.IsRejected) continue;
            foreach (string value in section.Candidates)
                if (IceCandidate.TryParse(value, out var parsed)) candidates.Add(parsed);
        }
        return new RemoteTransportDescription(ice, candidates, fingerprint, ourRole, description.IceLite);
    }

    private static string TrackId(MediaKind kind, string mid) => $"{kind.ToSdp()}-{mid}";

    private static uint NewSsrc(HashSet<uint> used)
    {
        uint ssrc;
        do ssrc = (uint)RandomNumberGenerator.GetInt32(1, int.MaxValue);
        while (!used.Add(ssrc));
        return ssrc;
    }
}
