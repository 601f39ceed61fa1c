using System.Text;

namespace RtcLive.WebRtc.Sdp;

/// <summary>
/// Writes a <see cref="SessionDescription"/> as canonical SDP text: lines in RFC 8866 order, each ending in CRLF,
/// attributes in the order Chrome writes them (so a Chrome description comes back with the same lines), and the
/// attributes the model does not interpret after the known ones, in their original order.
/// </summary>
public static class SdpWriter
{
    public static string Write(SessionDescription session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var sb = new StringBuilder(4096);

        Line(sb, 'v', session.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Line(sb, 'o', session.Origin.ToString());
        // An empty name is written as the single space RFC 8866 §5.3 suggests.
        Line(sb, 's', session.SessionName.Length == 0 ? " " : session.SessionName);
        if (session.Information is not null) Line(sb, 'i', session.Information);
        OtherLines(sb, session.OtherLines, "uep");
        if (session.Connection is not null) Line(sb, 'c', session.Connection.ToString());
        foreach (var bandwidth in session.Bandwidths) Line(sb, 'b', bandwidth.ToString());
        Line(sb, 't', session.Timing.ToString());
        OtherLines(sb, session.OtherLines, "trzk");
        OtherLinesNotIn(sb, session.OtherLines, "ueptrzk");

        if (session.IceLite) Attribute(sb, "ice-lite");
        foreach (var group in session.Groups) Attribute(sb, "group", group.ToString());
        if (session.ExtmapAllowMixed) Attribute(sb, "extmap-allow-mixed");
        // Chrome's form, with a space after the colon, so a Chrome description round-trips unchanged.
        if (session.MsidSemantic is not null) Attribute(sb, "msid-semantic", " " + session.MsidSemantic);
        if (session.IceUfrag is not null) Attribute(sb, "ice-ufrag", session.IceUfrag);
        if (session.IcePwd is not null) Attribute(sb, "ice-pwd", session.IcePwd);
        if (session.IceOptions.Count > 0) Attribute(sb, "ice-options", string.Join(' ', session.IceOptions));
        foreach (var fingerprint in session.Fingerprints) Attribute(sb, "fingerprint", fingerprint.ToString());
        if (session.Setup is { } setup) Attribute(sb, "setup", setup.ToSdp());
        foreach (var extension in session.Extensions) Attribute(sb, "extmap", extension.ToString());
        if (session.Direction is { } direction) Attribute(sb, direction.ToSdp());
        foreach (var attribute in session.OtherAttributes) Attribute(sb, attribute.Name, attribute.Value);

        foreach (var media in session.Media) WriteMedia(sb, media);
        return sb.ToString();
    }

    private static void WriteMedia(StringBuilder sb, MediaDescription media)
    {
        sb.Append("m=").Append(media.Media).Append(' ').Append(media.Port);
        if (media.PortCount is { } count) sb.Append('/').Append(count);
        sb.Append(' ').Append(media.Protocol);
        foreach (string format in media.Formats) sb.Append(' ').Append(format);
        sb.Append("\r\n");

        if (media.Information is not null) Line(sb, 'i', media.Information);
        if (media.Connection is not null) Line(sb, 'c', media.Connection.ToString());
        foreach (var bandwidth in media.Bandwidths) Line(sb, 'b', bandwidth.ToString());
        foreach (var line in media.OtherLines) Line(sb, line.Type, line.Value);

        if (media.IceUfrag is not null) Attribute(sb, "ice-ufrag", media.IceUfrag);
        if (media.IcePwd is not null) Attribute(sb, "ice-pwd", media.IcePwd);
        if (media.IceOptions.Count > 0) Attribute(sb, "ice-options", string.Join(' ', media.IceOptions));
        foreach (var fingerprint in media.Fingerprints) Attribute(sb, "fingerprint", fingerprint.ToString());
        if (media.Setup is { } setup) Attribute(sb, "setup", setup.ToSdp());
        if (media.Mid is not null) Attribute(sb, "mid", media.Mid);
        foreach (var extension in media.Extensions) Attribute(sb, "extmap", extension.ToString());
        if (media.ExtmapAllowMixed) Attribute(sb, "extmap-allow-mixed");
        if (media.Direction is { } direction) Attribute(sb, direction.ToSdp());
        foreach (var msid in media.Msids) Attribute(sb, "msid", msid.ToString());
        if (media.RtcpMux) Attribute(sb, "rtcp-mux");
        if (media.RtcpReducedSize) Attribute(sb, "rtcp-rsize");

        foreach (var feedback in media.FeedbackForAllCodecs) Attribute(sb, "rtcp-fb", "* " + feedback);
        foreach (var codec in media.Codecs)
        {
            string pt = codec.PayloadType.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Attribute(sb, "rtpmap", $"{pt} {codec.RtpMap}");
            foreach (var feedback in codec.Feedback) Attribute(sb, "rtcp-fb", $"{pt} {feedback}");
            if (codec.Parameters.Count > 0) Attribute(sb, "fmtp", $"{pt} {codec.Parameters}");
        }

        foreach (var group in media.SsrcGroups) Attribute(sb, "ssrc-group", group.ToString());
        foreach (var ssrc in media.SsrcAttributes) Attribute(sb, "ssrc", ssrc.ToString());
        foreach (var rid in media.Rids) Attribute(sb, "rid", rid.ToString());
        if (media.Simulcast is not null) Attribute(sb, "simulcast", media.Simulcast.ToString());
        if (media.SctpPort is { } sctpPort) Attribute(sb, "sctp-port", sctpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (media.MaxMessageSize is { } maxMessageSize) Attribute(sb, "max-message-size", maxMessageSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (string candidate in media.Candidates) Attribute(sb, "candidate", candidate);
        if (media.EndOfCandidates) Attribute(sb, "end-of-candidates");
        foreach (var attribute in media.OtherAttributes) Attribute(sb, attribute.Name, attribute.Value);
    }

    private static void OtherLines(StringBuilder sb, List<SdpLine> lines, string types)
    {
        // RFC 8866 fixes the order of line types, so each kept line goes where its type belongs.
        foreach (char type in types)
            foreach (var line in lines)
                if (line.Type == type) Line(sb, line.Type, line.Value);
    }

    private static void OtherLinesNotIn(StringBuilder sb, List<SdpLine> lines, string types)
    {
        foreach (var line in lines)
            if (!types.Contains(line.Type)) Line(sb, line.Type, line.Value);
    }

    private static void Line(StringBuilder sb, char type, string value) =>
        sb.Append(type).Append('=').Append(value).Append("\r\n");

    private static void Attribute(StringBuilder sb, string name, string? value = null)
    {
        sb.Append("a=").Append(name);
        if (value is not null) sb.Append(':').Append(value);
        sb.Append("\r\n");
    }
}
