using System.Globalization;

namespace RtcLive.WebRtc.Sdp;

/// <summary>
/// Parsers for the value of each line type and attribute the model understands. Each either returns the parsed
/// value or throws <see cref="SdpParseException"/> saying which part was wrong.
/// </summary>
internal static class SdpFieldParser
{
    // ---- lines --------------------------------------------------------------------------------------------

    public static SdpOrigin ParseOrigin(int n, string value)
    {
        string[] f = SdpText.Words(value);
        if (f.Length != 6)
            throw new SdpParseException(n, $"bad o= line: expected '<username> <sess-id> <sess-version> <nettype> <addrtype> <address>', got '{SdpText.Show(value)}'");
        ulong version = ParseUInt64(n, f[2], "the o= session version");
        return new SdpOrigin(f[0], f[1], version, f[3], f[4], f[5]);
    }

    public static SdpConnection ParseConnection(int n, string value)
    {
        string[] f = SdpText.Words(value);
        if (f.Length != 3)
            throw new SdpParseException(n, $"bad c= line: expected '<nettype> <addrtype> <address>', got '{SdpText.Show(value)}'");
        return new SdpConnection(f[0], f[1], f[2]);
    }

    public static SdpBandwidth ParseBandwidth(int n, string value)
    {
        int colon = value.IndexOf(':');
        if (colon <= 0)
            throw new SdpParseException(n, $"bad b= line: expected '<type>:<bandwidth>', got '{SdpText.Show(value)}'");
        return new SdpBandwidth(value[..colon].Trim(), ParseUInt64(n, value[(colon + 1)..].Trim(), "the b= bandwidth"));
    }

    public static SdpTiming ParseTiming(int n, string value)
    {
        string[] f = SdpText.Words(value);
        if (f.Length != 2)
            throw new SdpParseException(n, $"bad t= line: expected '<start> <stop>', got '{SdpText.Show(value)}'");
        return new SdpTiming(ParseUInt64(n, f[0], "the t= start time"), ParseUInt64(n, f[1], "the t= stop time"));
    }

    // ---- attributes shared by session and media level -----------------------------------------------------

    /// <summary>Splits <c>name:value</c>; a flag attribute has no colon and a null value.</summary>
    public static (string Name, string? Value) SplitAttribute(int n, string line)
    {
        int colon = line.IndexOf(':');
        string name = colon < 0 ? line : line[..colon];
        if (name.Length == 0) throw new SdpParseException(n, "an a= line with no attribute name");
        return (name, colon < 0 ? null : line[(colon + 1)..]);
    }

    public static void RequireFlag(int n, string name, string? value)
    {
        if (value is not null)
            throw new SdpParseException(n, $"a={name} takes no value, got '{SdpText.Show(value)}'");
    }

    public static string RequireValue(int n, string name, string? value)
    {
        string trimmed = value?.Trim() ?? "";
        if (trimmed.Length == 0) throw new SdpParseException(n, $"a={name} needs a value");
        return trimmed;
    }

    /// <summary>A value that must be one word (ufrag, pwd, mid).</summary>
    public static string RequireToken(int n, string name, string? value)
    {
        string token = RequireValue(n, name, value);
        if (SdpText.HasWhitespace(token))
            throw new SdpParseException(n, $"a={name} must be a single word, got '{SdpText.Show(token)}'");
        return token;
    }

    public static SdpGroup ParseGroup(int n, string? value)
    {
        string[] f = SdpText.Words(RequireValue(n, "group", value));
        return new SdpGroup(f[0], f.Skip(1));
    }

    public static MsidSemantic ParseMsidSemantic(int n, string? value)
    {
        string[] f = SdpText.Words(RequireValue(n, "msid-semantic", value));
        return new MsidSemantic(f[0], f.Skip(1));
    }

    public static SdpFingerprint ParseFingerprint(int n, string? value)
    {
        string[] f = SdpText.Words(RequireValue(n, "fingerprint", value));
        if (f.Length != 2)
            throw new SdpParseException(n, $"bad a=fingerprint: expected '<hash-function> <hex:hex:...>', got '{SdpText.Show(value)}'");
        return new SdpFingerprint(f[0], f[1]);
    }

    public static SetupRole ParseSetup(int n, string? value)
    {
        string text = RequireValue(n, "setup", value);
        if (!SetupRoleExtensions.TryParse(text, out var role))
            throw new SdpParseException(n, $"bad a=setup: expected actpass, active, passive or holdconn, got '{SdpText.Show(text)}'");
        return role;
    }

    /// <summary>
    /// RFC 8839 separates options with spaces; libdatachannel (OBS) writes <c>ice2,trickle</c>, so commas are
    /// accepted too.
    /// </summary>
    public static IEnumerable<string> ParseIceOptions(int n, string? value) =>
        RequireValue(n, "ice-options", value).Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries);

    /// <summary><c>&lt;id&gt;[/&lt;direction&gt;] &lt;uri&gt; [&lt;attributes&gt;]</c> (RFC 8285 §8).</summary>
    public static ExtensionMap ParseExtensionMap(int n, string? value)
    {
        var (idPart, rest) = SdpText.FirstWord(RequireValue(n, "extmap", value));
        var (uri, attributes) = SdpText.FirstWord(rest);
        if (uri.Length == 0)
            throw new SdpParseException(n, $"bad a=extmap: expected '<id>[/<direction>] <uri>', got '{SdpText.Show(value)}'");

        MediaDirection? direction = null;
        int slash = idPart.IndexOf('/');
        string idText = slash < 0 ? idPart : idPart[..slash];
        if (slash >= 0)
        {
            if (!MediaDirectionExtensions.TryParse(idPart.AsSpan(slash + 1), out var d))
                throw new SdpParseException(n, $"bad a=extmap direction '{SdpText.Show(idPart.AsSpan(slash + 1))}'");
            direction = d;
        }
        int id = ParseInt(n, idText, "the a=extmap id", 1, ExtensionMap.MaxId);
        return new ExtensionMap(id, uri, direction, attributes.Length == 0 ? null : attributes);
    }

    // ---- media-level attributes ---------------------------------------------------------------------------

    public static Msid ParseMsid(int n, string? value)
    {
        string[] f = SdpText.Words(RequireValue(n, "msid", value));
        if (f.Length > 2)
            throw new SdpParseException(n, $"bad a=msid: expected '<stream-id> [<track-id>]', got '{SdpText.Show(value)}'");
        return new Msid(f[0], f.Length == 2 ? f[1] : null);
    }

    /// <summary><c>&lt;ssrc&gt; &lt;attribute&gt;[:&lt;value&gt;]</c> (RFC 5576 §4.1).</summary>
    public static SsrcAttribute ParseSsrc(int n, string? value)
    {
        var (ssrcText, rest) = SdpText.FirstWord(RequireValue(n, "ssrc", value));
        uint ssrc = ParseUInt32(n, ssrcText, "the a=ssrc SSRC");
        if (rest.Length == 0)
            throw new SdpParseException(n, $"bad a=ssrc: expected an attribute after SSRC {ssrc}");
        int colon = rest.IndexOf(':');
        return colon < 0
            ? new SsrcAttribute(ssrc, rest)
            : new SsrcAttribute(ssrc, rest[..colon], rest[(colon + 1)..]);
    }

    public static SsrcGroup ParseSsrcGroup(int n, string? value)
    {
        string[] f = SdpText.Words(RequireValue(n, "ssrc-group", value));
        if (f.Length < 2)
            throw new SdpParseException(n, $"bad a=ssrc-group: expected '<semantics> <ssrc>...', got '{SdpText.Show(value)}'");
        var group = new SsrcGroup(f[0]);
        for (int i = 1; i < f.Length; i++) group.Ssrcs.Add(ParseUInt32(n, f[i], "an a=ssrc-group SSRC"));
        return group;
    }

    /// <summary><c>&lt;pt&gt; &lt;name&gt;/&lt;clock&gt;[/&lt;channels&gt;]</c> (RFC 8866 §6.6).</summary>
    public static Codec ParseRtpMap(int n, string? value)
    {
        string[] f = SdpText.Words(RequireValue(n, "rtpmap", value));
        if (f.Length != 2)
            throw new SdpParseException(n, $"bad a=rtpmap: expected '<payload type> <encoding>/<clock rate>[/<channels>]', got '{SdpText.Show(value)}'");
        int pt = ParsePayloadType(n, f[0], "a=rtpmap");
        string[] encoding = f[1].Split('/');
        if (encoding.Length is < 2 or > 3 || encoding[0].Length == 0)
            throw new SdpParseException(n, $"bad a=rtpmap encoding '{SdpText.Show(f[1])}': expected '<name>/<clock rate>[/<channels>]'");
        int clock = ParseInt(n, encoding[1], "the a=rtpmap clock rate", 1, int.MaxValue);
        int? channels = encoding.Length == 3 ? ParseInt(n, encoding[2], "the a=rtpmap channel count", 1, 255) : null;
        return new Codec(pt, encoding[0], clock, channels);
    }

    public static (int PayloadType, SdpParameters Parameters) ParseFmtp(int n, string? value)
    {
        var (ptText, parameters) = SdpText.FirstWord(RequireValue(n, "fmtp", value));
        return (ParsePayloadType(n, ptText, "a=fmtp"), SdpParameters.Parse(parameters));
    }

    /// <summary><c>&lt;pt&gt;|* &lt;type&gt; [&lt;parameter&gt;]</c>; the payload type is null for <c>*</c>.</summary>
    public static (int? PayloadType, RtcpFeedback Feedback) ParseRtcpFeedback(int n, string? value)
    {
        var (ptText, rest) = SdpText.FirstWord(RequireValue(n, "rtcp-fb", value));
        var (type, parameter) = SdpText.FirstWord(rest);
        if (type.Length == 0)
            throw new SdpParseException(n, $"bad a=rtcp-fb: expected '<payload type> <feedback type>', got '{SdpText.Show(value)}'");
        int? pt = ptText == "*" ? null : ParsePayloadType(n, ptText, "a=rtcp-fb");
        return (pt, new RtcpFeedback(type, parameter.Length == 0 ? null : parameter));
    }

    /// <summary><c>&lt;id&gt; send|recv [pt=&lt;list&gt;;&lt;restriction&gt;=&lt;value&gt;...]</c> (RFC 8851 §10).</summary>
    public static RidDescription ParseRid(int n, string? value)
    {
        var (id, rest) = SdpText.FirstWord(RequireValue(n, "rid", value));
        if (!RidDescription.IsValidId(id))
            throw new SdpParseException(n, $"bad a=rid id '{SdpText.Show(id)}': only letters, digits, '-' and '_' are allowed");
        var (directionText, parameters) = SdpText.FirstWord(rest);
        RidDirection direction = directionText switch
        {
            "send" => RidDirection.Send,
            "recv" => RidDirection.Recv,
            _ => throw new SdpParseException(n, $"bad a=rid: direction must be 'send' or 'recv', got '{SdpText.Show(directionText)}'"),
        };
        var rid = new RidDescription(id, direction);
        foreach (var parameter in SdpParameters.Parse(parameters))
        {
            if (string.Equals(parameter.Key, "pt", StringComparison.OrdinalIgnoreCase))
            {
                foreach (string pt in (parameter.Value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
                    rid.PayloadTypes.Add(ParsePayloadType(n, pt.Trim(), "a=rid pt="));
            }
            else
            {
                rid.Restrictions.Set(parameter.Key, parameter.Value);
            }
        }
        return rid;
    }

    /// <summary>
    /// <c>send &lt;streams&gt; [recv &lt;streams&gt;]</c> (RFC 8853 §5.1): streams separated by <c>;</c>,
    /// alternatives by <c>,</c>, a paused rid prefixed with <c>~</c>. The older draft form
    /// <c>a=simulcast: send rid=1;2</c> (early Firefox) is read too.
    /// </summary>
    public static SimulcastDescription ParseSimulcast(int n, string? value)
    {
        string[] f = SdpText.Words(RequireValue(n, "simulcast", value));
        if (f.Length % 2 != 0)
            throw new SdpParseException(n, $"bad a=simulcast: expected 'send|recv <rid list>' pairs, got '{SdpText.Show(value)}'");
        var simulcast = new SimulcastDescription();
        for (int i = 0; i < f.Length; i += 2)
        {
            List<SimulcastStream> target = f[i].ToLowerInvariant() switch
            {
                "send" => simulcast.Send,
                "recv" => simulcast.Recv,
                _ => throw new SdpParseException(n, $"bad a=simulcast: expected 'send' or 'recv', got '{SdpText.Show(f[i])}'"),
            };
            string list = f[i + 1].StartsWith("rid=", StringComparison.OrdinalIgnoreCase) ? f[i + 1][4..] : f[i + 1];
            foreach (string streamText in list.Split(';'))
            {
                var stream = new SimulcastStream();
                foreach (string alternative in streamText.Split(','))
                {
                    bool paused = alternative.StartsWith('~');
                    string rid = paused ? alternative[1..] : alternative;
                    if (rid.Length == 0)
                        throw new SdpParseException(n, $"bad a=simulcast: empty rid in '{SdpText.Show(list)}'");
                    if (!RidDescription.IsValidId(rid))
                        throw new SdpParseException(n, $"bad a=simulcast rid '{SdpText.Show(rid)}': only letters, digits, '-' and '_' are allowed");
                    stream.Alternatives.Add(new SimulcastRid(rid, paused));
                }
                target.Add(stream);
            }
        }
        return simulcast;
    }

    // ---- numbers ------------------------------------------------------------------------------------------

    public static int ParsePayloadType(int n, string text, string where) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int pt) && pt <= 127
            ? pt
            : throw new SdpParseException(n, $"bad payload type '{SdpText.Show(text)}' in {where}: expected a number from 0 to 127");

    public static int ParseInt(int n, string text, string what, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max
            ? value
            : throw new SdpParseException(n, $"{what} must be a number from {min} to {max}, got '{SdpText.Show(text)}'");

    public static uint ParseUInt32(int n, string text, string what) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint value)
            ? value
            : throw new SdpParseException(n, $"{what} must be a number from 0 to {uint.MaxValue}, got '{SdpText.Show(text)}'");

    public static ulong ParseUInt64(int n, string text, string what) =>
        ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value)
            ? value
            : throw new SdpParseException(n, $"{what} must be a non-negative number, got '{SdpText.Show(text)}'");
}
