namespace RtcLive.WebRtc.Sdp;

/// <summary>
/// The line-by-line state machine behind <see cref="SdpParser"/>: the session part until the first <c>m=</c>,
/// then one <see cref="MediaSectionReader"/> per m-line.
/// </summary>
internal sealed class SdpDocumentReader
{
    private readonly SessionDescription _session = new();
    private readonly List<(int Line, SdpAttribute Attribute)> _otherAttributes = [];
    private MediaSectionReader? _media;
    private bool _sawVersion;
    private bool _sawOrigin;
    private bool _sawName;
    private bool _sawTiming;
    private bool _sawDirection;

    public void ReadLine(int n, ReadOnlySpan<char> line)
    {
        if (line.Length < 2 || line[1] != '=')
            throw new SdpParseException(n, $"expected a '<type>=<value>' line, got '{SdpText.Show(line)}'");
        char type = line[0];
        if (type is < 'a' or > 'z')
            throw new SdpParseException(n, $"a line type must be a lower-case letter, got '{SdpText.Show(line[..1])}'");
        ReadOnlySpan<char> valueSpan = line[2..];
        SdpText.RejectControlCharacters(n, valueSpan);
        string value = valueSpan.ToString();

        if (!_sawVersion)
        {
            if (type != 'v')
                throw new SdpParseException(n, $"a description must start with 'v=0', got '{SdpText.Show(line)}'");
            if (value != "0")
                throw new SdpParseException(n, $"unsupported SDP version '{SdpText.Show(value)}' (only v=0 exists)");
            _sawVersion = true;
            return;
        }

        if (type == 'v')
            throw new SdpParseException(n, "a second v= line (two descriptions glued together?)");

        if (type == 'm')
        {
            StartMedia(n, value);
            return;
        }

        if (_media is not null)
        {
            _media.ReadLine(n, type, value);
            return;
        }

        ReadSessionLine(n, type, value);
    }

    public SessionDescription Finish(int lastLine)
    {
        if (!_sawVersion) throw new SdpParseException(0, "the description is empty (no 'v=0' line)");
        if (!_sawOrigin) throw new SdpParseException(lastLine, "the description has no o= line");
        FinishMedia();
        foreach (var (_, attribute) in _otherAttributes) _session.OtherAttributes.Add(attribute);
        return _session;
    }

    private void StartMedia(int n, string value)
    {
        if (!_sawOrigin) throw new SdpParseException(n, "m= line before the o= line (the session part is incomplete)");
        FinishMedia();
        if (_session.Media.Count >= SdpParser.MaxMediaSections)
            throw new SdpParseException(n, $"too many m= lines; at most {SdpParser.MaxMediaSections} are accepted");
        _media = new MediaSectionReader(n, value);
    }

    private void FinishMedia()
    {
        if (_media is null) return;
        _session.Media.Add(_media.Finish(_session));
        _media = null;
    }

    private void ReadSessionLine(int n, char type, string value)
    {
        switch (type)
        {
            case 'o':
                if (_sawOrigin) throw new SdpParseException(n, "a second o= line");
                _session.Origin = SdpFieldParser.ParseOrigin(n, value);
                _sawOrigin = true;
                break;
            case 's':
                if (_sawName) throw new SdpParseException(n, "a second s= line");
                _session.SessionName = value;
                _sawName = true;
                break;
            case 'i':
                if (_session.Information is not null) throw new SdpParseException(n, "a second session-level i= line");
                _session.Information = value;
                break;
            case 'c':
                if (_session.Connection is not null) throw new SdpParseException(n, "a second session-level c= line");
                _session.Connection = SdpFieldParser.ParseConnection(n, value);
                break;
            case 'b':
                _session.Bandwidths.Add(SdpFieldParser.ParseBandwidth(n, value));
                break;
            case 't':
                if (_sawTiming) _session.OtherLines.Add(new SdpLine('t', value));
                else _session.Timing = SdpFieldParser.ParseTiming(n, value);
                _sawTiming = true;
                break;
            case 'a':
                ReadSessionAttribute(n, value);
                break;
            default:
                _session.OtherLines.Add(new SdpLine(type, value));
                break;
        }
    }

    private void ReadSessionAttribute(int n, string line)
    {
        var (name, value) = SdpFieldParser.SplitAttribute(n, line);
        switch (name)
        {
            case "group":
                _session.Groups.Add(SdpFieldParser.ParseGroup(n, value));
                break;
            case "ice-lite":
                SdpFieldParser.RequireFlag(n, name, value);
                _session.IceLite = true;
                break;
            case "msid-semantic":
                if (_session.MsidSemantic is not null) throw new SdpParseException(n, "a second a=msid-semantic");
                _session.MsidSemantic = SdpFieldParser.ParseMsidSemantic(n, value);
                break;
            case "extmap-allow-mixed":
                SdpFieldParser.RequireFlag(n, name, value);
                _session.ExtmapAllowMixed = true;
                break;
            case "fingerprint":
                _session.Fingerprints.Add(SdpFieldParser.ParseFingerprint(n, value));
                break;
            case "setup":
                if (_session.Setup is not null) throw new SdpParseException(n, "a second session-level a=setup");
                _session.Setup = SdpFieldParser.ParseSetup(n, value);
                break;
            case "ice-ufrag":
                if (_session.IceUfrag is not null) throw new SdpParseException(n, "a second session-level a=ice-ufrag");
                _session.IceUfrag = SdpFieldParser.RequireToken(n, name, value);
                break;
            case "ice-pwd":
                if (_session.IcePwd is not null) throw new SdpParseException(n, "a second session-level a=ice-pwd");
                _session.IcePwd = SdpFieldParser.RequireToken(n, name, value);
                break;
            case "ice-options":
                _session.IceOptions.AddRange(SdpFieldParser.ParseIceOptions(n, value));
                break;
            case "extmap":
                _session.Extensions.Add(SdpFieldParser.ParseExtensionMap(n, value));
                break;
            case "sendrecv" or "sendonly" or "recvonly" or "inactive":
                SdpFieldParser.RequireFlag(n, name, value);
                if (_sawDirection) throw new SdpParseException(n, "more than one session-level direction attribute");
                _sawDirection = true;
                MediaDirectionExtensions.TryParse(name, out var direction);
                _session.Direction = direction;
                break;
            default:
                _otherAttributes.Add((n, new SdpAttribute(name, value)));
                break;
        }
    }
}
