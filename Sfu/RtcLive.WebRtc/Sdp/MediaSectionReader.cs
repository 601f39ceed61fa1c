namespace RtcLive.WebRtc.Sdp;

/// <summary>
/// Reads one media section. Codec lines are collected by payload type and folded into <see cref="Codec"/>s when
/// the section ends, since rtpmap, fmtp and rtcp-fb lines may come in any order (Firefox writes all fmtp lines
/// first, Chrome groups them per codec).
/// </summary>
internal sealed class MediaSectionReader
{
    private readonly MediaDescription _media;
    private readonly int _mLine;
    private readonly Dictionary<int, (int Line, Codec Codec)> _rtpMaps = [];
    private readonly Dictionary<int, (int Line, string Raw, SdpParameters Parameters)> _fmtps = [];
    private readonly List<(int Line, int PayloadType, string Raw, RtcpFeedback Feedback)> _feedback = [];
    private readonly List<(int Line, SdpAttribute Attribute)> _otherAttributes = [];
    private bool _sawDirection;

    public MediaSectionReader(int n, string mLine)
    {
        _mLine = n;
        _media = ParseMediaLine(n, mLine);
    }

    public void ReadLine(int n, char type, string value)
    {
        switch (type)
        {
            case 'i':
                if (_media.Information is not null) throw new SdpParseException(n, "a second i= line in this media section");
                _media.Information = value;
                break;
            case 'c':
                if (_media.Connection is not null) throw new SdpParseException(n, "a second c= line in this media section");
                _media.Connection = SdpFieldParser.ParseConnection(n, value);
                break;
            case 'b':
                _media.Bandwidths.Add(SdpFieldParser.ParseBandwidth(n, value));
                break;
            case 'a':
                ReadAttribute(n, value);
                break;
            case 'o' or 's' or 't' or 'u' or 'e' or 'p' or 'r' or 'z':
                throw new SdpParseException(n, $"'{type}=' belongs to the session part, before the first m= line");
            default:
                _media.OtherLines.Add(new SdpLine(type, value));
                break;
        }
    }

    public MediaDescription Finish(SessionDescription session)
    {
        if (_media.Connection is null && session.Connection is null && _media.Port != 0)
            throw new SdpParseException(_mLine,
                $"the {_media.Media} section (mid {_media.Mid ?? "none"}) has no c= line and the session has none");
        if (_media.IsRtp) FoldCodecs();
        _otherAttributes.Sort((a, b) => a.Line.CompareTo(b.Line));
        foreach (var (_, attribute) in _otherAttributes) _media.OtherAttributes.Add(attribute);
        return _media;
    }

    private static MediaDescription ParseMediaLine(int n, string value)
    {
        string[] f = SdpText.Words(value);
        if (f.Length < 4)
            throw new SdpParseException(n, $"bad m= line: expected '<media> <port> <protocol> <format>...', got '{SdpText.Show(value)}'");

        string portText = f[1];
        int? portCount = null;
        int slash = portText.IndexOf('/');
        if (slash >= 0)
        {
            portCount = SdpFieldParser.ParseInt(n, portText[(slash + 1)..], "the m= port count", 1, 65535);
            portText = portText[..slash];
        }
        int port = SdpFieldParser.ParseInt(n, portText, "the m= port", 0, 65535);

        var media = new MediaDescription(f[0], port, f[2]) { PortCount = portCount };
        for (int i = 3; i < f.Length; i++)
        {
            if (media.IsRtp) SdpFieldParser.ParsePayloadType(n, f[i], "the m= line");
            media.Formats.Add(f[i]);
        }
        return media;
    }

    private void ReadAttribute(int n, string line)
    {
        var (name, value) = SdpFieldParser.SplitAttribute(n, line);
        switch (name)
        {
            case "mid":
                if (_media.Mid is not null) throw new SdpParseException(n, "a second a=mid in this media section");
                _media.Mid = SdpFieldParser.RequireToken(n, name, value);
                break;
            case "sendrecv" or "sendonly" or "recvonly" or "inactive":
                SdpFieldParser.RequireFlag(n, name, value);
                if (_sawDirection) throw new SdpParseException(n, "more than one direction attribute in this media section");
                _sawDirection = true;
                MediaDirectionExtensions.TryParse(name, out var direction);
                _media.Direction = direction;
                break;
            case "rtcp-mux":
                SdpFieldParser.RequireFlag(n, name, value);
                _media.RtcpMux = true;
                break;
            case "rtcp-rsize":
                SdpFieldParser.RequireFlag(n, name, value);
                _media.RtcpReducedSize = true;
                break;
            case "ice-ufrag":
                if (_media.IceUfrag is not null) throw new SdpParseException(n, "a second a=ice-ufrag in this media section");
                _media.IceUfrag = SdpFieldParser.RequireToken(n, name, value);
                break;
            case "ice-pwd":
                if (_media.IcePwd is not null) throw new SdpParseException(n, "a second a=ice-pwd in this media section");
                _media.IcePwd = SdpFieldParser.RequireToken(n, name, value);
                break;
            case "ice-options":
                _media.IceOptions.AddRange(SdpFieldParser.ParseIceOptions(n, value));
                break;
            case "fingerprint":
                _media.Fingerprints.Add(SdpFieldParser.ParseFingerprint(n, value));
                break;
            case "setup":
                if (_media.Setup is not null) throw new SdpParseException(n, "a second a=setup in this media section");
                _media.Setup = SdpFieldParser.ParseSetup(n, value);
                break;
            case "candidate":
                _media.Candidates.Add(SdpFieldParser.RequireValue(n, name, value));
                break;
            case "end-of-candidates":
                SdpFieldParser.RequireFlag(n, name, value);
                _media.EndOfCandidates = true;
                break;
            case "msid":
                _media.Msids.Add(SdpFieldParser.ParseMsid(n, value));
                break;
            case "ssrc":
                _media.SsrcAttributes.Add(SdpFieldParser.ParseSsrc(n, value));
                break;
            case "ssrc-group":
                _media.SsrcGroups.Add(SdpFieldParser.ParseSsrcGroup(n, value));
                break;
            case "extmap":
                _media.Extensions.Add(SdpFieldParser.ParseExtensionMap(n, value));
                break;
            case "extmap-allow-mixed":
                SdpFieldParser.RequireFlag(n, name, value);
                _media.ExtmapAllowMixed = true;
                break;
            case "rtpmap" when _media.IsRtp:
                ReadRtpMap(n, value);
                break;
            case "fmtp" when _media.IsRtp:
                ReadFmtp(n, value);
                break;
            case "rtcp-fb" when _media.IsRtp:
                ReadRtcpFeedback(n, value);
                break;
            case "rid":
                _media.Rids.Add(SdpFieldParser.ParseRid(n, value));
                break;
            case "simulcast":
                if (_media.Simulcast is not null) throw new SdpParseException(n, "a second a=simulcast in this media section");
                _media.Simulcast = SdpFieldParser.ParseSimulcast(n, value);
                break;
            case "sctp-port":
                if (_media.SctpPort is not null) throw new SdpParseException(n, "a second a=sctp-port in this media section");
                _media.SctpPort = SdpFieldParser.ParseInt(n, SdpFieldParser.RequireValue(n, name, value), "a=sctp-port", 0, 65535);
                break;
            case "max-message-size":
                if (_media.MaxMessageSize is not null) throw new SdpParseException(n, "a second a=max-message-size in this media section");
                _media.MaxMessageSize = SdpFieldParser.ParseUInt64(n, SdpFieldParser.RequireValue(n, name, value), "a=max-message-size");
                break;
            default:
                _otherAttributes.Add((n, new SdpAttribute(name, value)));
                break;
        }
    }

    private void ReadRtpMap(int n, string? value)
    {
        var codec = SdpFieldParser.ParseRtpMap(n, value);
        if (!_rtpMaps.TryAdd(codec.PayloadType, (n, codec)))
            throw new SdpParseException(n, $"a second a=rtpmap for payload type {codec.PayloadType}");
    }

    private void ReadFmtp(int n, string? value)
    {
        var (pt, parameters) = SdpFieldParser.ParseFmtp(n, value);
        if (!_fmtps.TryAdd(pt, (n, value!, parameters)))
            throw new SdpParseException(n, $"a second a=fmtp for payload type {pt}");
    }

    private void ReadRtcpFeedback(int n, string? value)
    {
        var (pt, feedback) = SdpFieldParser.ParseRtcpFeedback(n, value);
        if (pt is null) _media.FeedbackForAllCodecs.Add(feedback);
        else _feedback.Add((n, pt.Value, value!, feedback));
    }

    /// <summary>
    /// Builds one codec per listed payload type that has an rtpmap or a static assignment. Codec lines for payload
    /// types that have neither, or that the m= line does not list, stay as raw attributes.
    /// </summary>
    private void FoldCodecs()
    {
        var listed = new HashSet<int>();
        foreach (string format in _media.Formats)
        {
            int pt = int.Parse(format, System.Globalization.CultureInfo.InvariantCulture);
            if (!listed.Add(pt)) continue;
            Codec? codec = _rtpMaps.TryGetValue(pt, out var rtpMap) ? rtpMap.Codec : StaticPayloadTypes.Lookup(pt);
            if (codec is not null) _media.Codecs.Add(codec);
        }

        foreach (var (pt, (line, codec)) in _rtpMaps)
            if (_media.FindCodec(pt) is null) _otherAttributes.Add((line, new SdpAttribute("rtpmap", codec.ToString())));

        foreach (var (pt, (line, raw, parameters)) in _fmtps)
        {
            if (_media.FindCodec(pt) is { } codec) codec.Parameters = parameters;
            else _otherAttributes.Add((line, new SdpAttribute("fmtp", raw)));
        }

        foreach (var (line, pt, raw, feedback) in _feedback)
        {
            if (_media.FindCodec(pt) is { } codec) codec.Feedback.Add(feedback);
            else _otherAttributes.Add((line, new SdpAttribute("rtcp-fb", raw)));
        }
    }
}
