namespace RtcLive.WebRtc.Sdp;

/// <summary>
/// Builds a JSEP answer (RFC 9429 §5.3) to a Unified Plan offer from this endpoint's <see cref="AnswerOptions"/>.
/// A pure function over the model: the offer is not modified and shares nothing with the answer.
/// <list type="bullet">
/// <item>Same m-lines, same order, same mids. A section is rejected (port 0, <c>a=mid</c> only) when the offer
/// rejected it, it is not DTLS-SRTP RTP (data channels included), it lacks <c>a=rtcp-mux</c>, no codec matches, or
/// <see cref="AnswerOptions.ChooseMedia"/> says so.</item>
/// <item>Codecs in local preference order, with the offer's payload types, fmtp and the feedback both sides
/// support; rtx for chosen codecs whose capability asks for it.</item>
/// <item>Header extensions with the offer's ids; the direction of each section fitted to the offer's.</item>
/// <item>Offered send simulcast mirrored as <c>recv</c> (rids and <c>a=simulcast</c>) when accepted.</item>
/// <item>BUNDLE group of the accepted mids; <c>a=setup:passive</c> against <c>actpass</c>; optional ice-lite.</item>
/// </list>
/// </summary>
public static class SdpAnswerBuilder
{
    public static SessionDescription Build(SessionDescription offer, AnswerOptions options) =>
        Build(offer, options, out _);

    /// <summary>Builds the answer and reports why each rejected m-line was rejected.</summary>
    /// <exception cref="SdpNegotiationException">
    /// The offer cannot be answered at all: an m-line without a mid, a duplicated mid, or an accepted m-line
    /// without ICE credentials, fingerprint or with <c>a=setup:holdconn</c>.
    /// </exception>
    public static SessionDescription Build(SessionDescription offer, AnswerOptions options, out IReadOnlyList<MediaRejection> rejections)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(options);
        if (options.SetupWhenOfferIsActPass is not (SetupRole.Active or SetupRole.Passive))
            throw new ArgumentException("an answer's setup role must be active or passive", nameof(options));
        CheckMids(offer);

        var answer = new SessionDescription
        {
            Origin = SdpOrigin.ForSession(options.SessionId, options.SessionVersion),
            IceLite = options.IceLite,
            ExtmapAllowMixed = offer.ExtmapAllowMixed,
        };

        var rejected = new List<MediaRejection>();
        var acceptedMids = new HashSet<string>(StringComparer.Ordinal);
        var streamIds = new List<string>();
        for (int index = 0; index < offer.Media.Count; index++)
        {
            var offered = offer.Media[index];
            string? reason = ReasonToReject(offered, options, out var choice);
            MediaDescription? section = reason is null ? TryAnswerSection(offer, offered, options, choice, out reason) : null;
            if (section is null)
            {
                answer.Media.Add(Rejected(offered));
                rejected.Add(new MediaRejection(index, offered.Mid, reason ?? "rejected"));
                continue;
            }
            acceptedMids.Add(offered.Mid!);
            foreach (var msid in section.Msids)
                if (!streamIds.Contains(msid.StreamId)) streamIds.Add(msid.StreamId);
            answer.Media.Add(section);
        }

        foreach (var group in offer.Groups)
        {
            if (!group.IsBundle) continue;
            var bundle = new SdpGroup(group.Semantics);
            foreach (string mid in group.Mids)
                if (acceptedMids.Contains(mid)) bundle.Mids.Add(mid);
            if (bundle.Mids.Count > 0) answer.Groups.Add(bundle);
        }
        answer.MsidSemantic = new MsidSemantic("WMS", streamIds);

        rejections = rejected;
        return answer;
    }

    private static void CheckMids(SessionDescription offer)
    {
        var mids = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < offer.Media.Count; i++)
        {
            string? mid = offer.Media[i].Mid;
            if (mid is null)
                throw new SdpNegotiationException($"m-line {i} ({offer.Media[i].Media}) has no a=mid; Unified Plan requires one on every m-line");
            if (!mids.Add(mid))
                throw new SdpNegotiationException($"mid '{mid}' is used by more than one m-line");
        }
    }

    /// <summary>Reasons that need no codec negotiation; null when the section may be answered.</summary>
    private static string? ReasonToReject(MediaDescription offered, AnswerOptions options, out AnswerMediaChoice choice)
    {
        choice = AnswerMediaChoice.AcceptAsOffered;
        if (offered.IsRejected && !IsBundleOnly(offered)) return "the offer rejected it (port 0)";
        if (offered.Kind == MediaKind.Application) return "data channels are not supported";
        if (offered.Kind is not (MediaKind.Audio or MediaKind.Video)) return $"media type '{offered.Media}' is not supported";
        if (!SdpProtocols.IsDtlsSrtpOverUdp(offered.Protocol)) return $"protocol '{offered.Protocol}' is not DTLS-SRTP over UDP";
        if (!offered.RtcpMux) return "RTCP multiplexing (a=rtcp-mux) is required";

        choice = options.ChooseMedia?.Invoke(offered) ?? AnswerMediaChoice.AcceptAsOffered;
        return choice.Accepted ? null : choice.RejectReason ?? "rejected by the application";
    }

    private static bool IsBundleOnly(MediaDescription media)
    {
        foreach (var attribute in media.OtherAttributes)
            if (attribute.Name == "bundle-only") return true;
        return false;
    }

    /// <summary>The accepted section, or null with the reason when nothing in it can be negotiated.</summary>
    private static MediaDescription? TryAnswerSection(
        SessionDescription offer, MediaDescription offered, AnswerOptions options, AnswerMediaChoice choice, out string? rejectReason)
    {
        var section = new MediaDescription(offered.Media, 9, offered.Protocol)
        {
            Connection = SdpConnection.Unspecified,
            Mid = offered.Mid,
            RtcpMux = true,
            RtcpReducedSize = offered.RtcpReducedSize,
        };

        AnswerCodecs(offered, options, section);
        if (section.Codecs.Count == 0)
        {
            rejectReason = "no codec in common";
            return null;
        }

        AnswerTransport(offer, offered, options, section);
        AnswerExtensions(offer, offered, options, section);

        MediaDirection allowed = offer.GetDirection(offered).Reversed();
        MediaDirection direction = allowed.Intersect(choice.Direction ?? allowed);
        section.Direction = direction;

        if (direction.Sends()) choice.SendTrack?.AnnounceIn(section);
        if (direction.Receives() && options.AcceptSimulcast) MirrorSimulcast(offered, section);

        rejectReason = null;
        return section;
    }

    private static void AnswerCodecs(MediaDescription offered, AnswerOptions options, MediaDescription section)
    {
        var capabilities = offered.Kind == MediaKind.Audio ? options.AudioCodecs : options.VideoCodecs;
        var chosen = new List<(Codec Codec, CodecCapability Capability)>();

        foreach (var capability in capabilities)
        {
            if (IsRedundancy(capability.Name)) continue;
            foreach (var codec in offered.Codecs)
            {
                if (codec.IsRepairOrRedundancy || Contains(chosen, codec) || !CodecMatcher.Matches(capability, codec)) continue;
                chosen.Add((codec, capability));
                if (options.OnlyPreferredCodec) break;
            }
            if (options.OnlyPreferredCodec && chosen.Count > 0) break;
        }
        if (chosen.Count == 0) return;

        if (!options.OnlyPreferredCodec)
        {
            // RED and FEC come after the media codecs, and only if what they protect was chosen.
            foreach (var capability in capabilities)
            {
                if (!IsRedundancy(capability.Name)) continue;
                foreach (var codec in offered.Codecs)
                {
                    if (Contains(chosen, codec) || !CodecMatcher.Matches(capability, codec)) continue;
                    if (ProtectsOnly(codec, chosen)) chosen.Add((codec, capability));
                }
            }
        }

        foreach (var (codec, capability) in chosen)
        {
            section.AddCodec(WithSupportedFeedback(codec, options.Feedback));
            if (capability.WithRtx && offered.FindRtxFor(codec.PayloadType) is { } rtx)
                section.AddCodec(WithSupportedFeedback(rtx, options.Feedback));
        }

        foreach (var feedback in offered.FeedbackForAllCodecs)
            if (IsSupported(feedback, options.Feedback)) section.FeedbackForAllCodecs.Add(feedback);
    }

    private static bool IsRedundancy(string name) =>
        string.Equals(name, "red", StringComparison.OrdinalIgnoreCase)
        || string.Equals(name, "ulpfec", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("flexfec", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Audio RED names the payload types it carries in its fmtp (<c>111/111</c>); it is usable only if they were
    /// all chosen. Video RED and FEC name none.
    /// </summary>
    private static bool ProtectsOnly(Codec redundancy, List<(Codec Codec, CodecCapability Capability)> chosen)
    {
        foreach (var parameter in redundancy.Parameters)
        {
            if (parameter.Value is not null) continue;
            foreach (string ptText in parameter.Key.Split('/'))
            {
                if (!int.TryParse(ptText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int pt))
                    return false;
                bool found = false;
                foreach (var (codec, _) in chosen) found |= codec.PayloadType == pt;
                if (!found) return false;
            }
        }
        return true;
    }

    private static bool Contains(List<(Codec Codec, CodecCapability Capability)> chosen, Codec codec)
    {
        foreach (var (c, _) in chosen)
            if (c.PayloadType == codec.PayloadType) return true;
        return false;
    }

    private static Codec WithSupportedFeedback(Codec offered, IReadOnlyList<RtcpFeedback> supported)
    {
        var codec = offered.Clone();
        codec.Feedback.RemoveAll(feedback => !IsSupported(feedback, supported));
        return codec;
    }

    private static bool IsSupported(RtcpFeedback feedback, IReadOnlyList<RtcpFeedback> supported)
    {
        foreach (var s in supported)
            if (s.Matches(feedback)) return true;
        return false;
    }

    private static void AnswerTransport(SessionDescription offer, MediaDescription offered, AnswerOptions options, MediaDescription section)
    {
        string mid = offered.Mid!;
        if (offer.GetIceCredentials(offered) is null)
            throw new SdpNegotiationException($"the offer has no a=ice-ufrag/a=ice-pwd for mid '{mid}'");
        if (offer.GetFingerprints(offered).Count == 0)
            throw new SdpNegotiationException($"the offer has no a=fingerprint for mid '{mid}'");

        section.IceUfrag = options.IceCredentials.Ufrag;
        section.IcePwd = options.IceCredentials.Password;
        section.IceOptions.AddRange(options.IceOptions);
        section.Fingerprints.Add(options.Fingerprint);
        section.Setup = offer.GetSetup(offered) switch
        {
            SetupRole.ActPass => options.SetupWhenOfferIsActPass,
            SetupRole.Passive => SetupRole.Active,
            // Active, or absent (RFC 4145 §4: the offerer is then active).
            SetupRole.Active or null => SetupRole.Passive,
            _ => throw new SdpNegotiationException($"the offer's a=setup:holdconn for mid '{mid}' cannot be answered"),
        };
        section.Candidates.AddRange(options.Candidates);
        section.EndOfCandidates = options.EndOfCandidates;
    }

    private static void AnswerExtensions(SessionDescription offer, MediaDescription offered, AnswerOptions options, MediaDescription section)
    {
        foreach (var extension in offer.GetExtensions(offered))
        {
            if (!Contains(options.HeaderExtensions, extension.Uri)) continue;
            // A direction on the offered extmap is the offerer's; the answer states the matching one of its own.
            section.Extensions.Add(new ExtensionMap(extension.Id, extension.Uri, extension.Direction?.Reversed()));
        }
    }

    private static bool Contains(IReadOnlyList<string> list, string value)
    {
        foreach (string item in list)
            if (string.Equals(item, value, StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>
    /// Mirrors the offerer's send simulcast (RFC 8853 §5.3): each send rid becomes a recv rid with the payload
    /// types narrowed to the answered ones, and <c>a=simulcast:recv</c> lists the same streams. A rid left
    /// with no usable payload type is dropped from both.
    /// </summary>
    private static void MirrorSimulcast(MediaDescription offered, MediaDescription section)
    {
        if (offered.Simulcast is not { Send.Count: > 0 } simulcast) return;
        if (section.FindExtensionId(HeaderExtensionUris.RtpStreamId) is null) return;

        var mirrored = new List<string>();
        foreach (var rid in offered.Rids)
        {
            if (rid.Direction != RidDirection.Send) continue;
            var answerRid = rid.Clone();
            answerRid.Direction = RidDirection.Recv;
            answerRid.PayloadTypes.RemoveAll(pt => section.FindCodec(pt) is null);
            if (rid.PayloadTypes.Count > 0 && answerRid.PayloadTypes.Count == 0) continue;
            section.Rids.Add(answerRid);
            mirrored.Add(rid.Id);
        }

        var answer = new SimulcastDescription();
        foreach (var stream in simulcast.Send)
        {
            var kept = new SimulcastStream();
            foreach (var alternative in stream.Alternatives)
                if (mirrored.Contains(alternative.Rid)) kept.Alternatives.Add(alternative);
            if (kept.Alternatives.Count > 0) answer.Recv.Add(kept);
        }
        if (answer.Recv.Count == 0)
        {
            section.Rids.Clear();
            return;
        }
        section.Simulcast = answer;
    }

    /// <summary>A rejected section: port 0, the offered formats, and the mid (JSEP §5.3.1 keeps it).</summary>
    private static MediaDescription Rejected(MediaDescription offered)
    {
        var section = new MediaDescription(offered.Media, 0, offered.Protocol)
        {
            Connection = SdpConnection.Unspecified,
            Mid = offered.Mid,
        };
        section.Formats.AddRange(offered.Formats);
        return section;
    }
}
