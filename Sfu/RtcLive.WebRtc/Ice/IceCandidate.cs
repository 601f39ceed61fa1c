using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Text;

namespace RtcLive.WebRtc.Ice;

/// <summary>
/// One ICE candidate as signaled in SDP (RFC 8839 §5.1) or trickled by a browser:
/// <c>candidate:&lt;foundation&gt; &lt;component&gt; &lt;udp|tcp&gt; &lt;priority&gt; &lt;address&gt; &lt;port&gt; typ &lt;type&gt;
/// [raddr &lt;address&gt;] [rport &lt;port&gt;] [tcptype &lt;active|passive|so&gt;] *(&lt;name&gt; &lt;value&gt;)</c>.
/// </summary>
/// <remarks>
/// Extension pairs this model does not interpret (browsers add <c>generation</c>, <c>ufrag</c>,
/// <c>network-id</c>, <c>network-cost</c>) are kept in order in <see cref="Extensions"/> so formatting
/// reproduces them. <see cref="Address"/> stays a string because browsers hide host addresses behind
/// mDNS names (<c>&lt;uuid&gt;.local</c>) that only the browser's resolver understands.
/// </remarks>
public sealed class IceCandidate
{
    private const string Prefix = "candidate:";

    /// <summary>Groups candidates of the same type, base and server (1–32 ice-chars).</summary>
    public required string Foundation { get; init; }

    /// <summary>1 for RTP; with rtcp-mux (always in WebRTC) the only component.</summary>
    public int Component { get; init; } = 1;

    public IceTransportProtocol Transport { get; init; } = IceTransportProtocol.Udp;

    public required uint Priority { get; init; }

    /// <summary>An IPv4 or IPv6 literal, or a host name (mDNS <c>.local</c>).</summary>
    public required string Address { get; init; }

    public required int Port { get; init; }

    public required IceCandidateType Type { get; init; }

    /// <summary>For reflexive and relayed candidates, the base they were derived from (<c>raddr</c>).</summary>
    public string? RelatedAddress { get; init; }

    /// <summary>The <c>rport</c> that goes with <see cref="RelatedAddress"/>.</summary>
    public int? RelatedPort { get; init; }

    /// <summary>For TCP candidates (RFC 6544).</summary>
    public IceTcpType? TcpType { get; init; }

    /// <summary>Other extension attributes, name and value, in the order they appeared.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Extensions { get; init; } = [];

    /// <summary>True when <see cref="Address"/> is an mDNS name rather than an IP literal.</summary>
    public bool IsMdns => Address.EndsWith(".local", StringComparison.OrdinalIgnoreCase);

    /// <summary>The transport address when <see cref="Address"/> is an IP literal; false for host names.</summary>
    public bool TryGetEndPoint([NotNullWhen(true)] out IPEndPoint? endpoint)
    {
        endpoint = IPAddress.TryParse(Address, out var ip) ? new IPEndPoint(ip, Port) : null;
        return endpoint is not null;
    }

    /// <summary>
    /// Parses a candidate with or without its <c>candidate:</c> (or <c>a=candidate:</c>) prefix. Returns
    /// false for anything malformed, unknown transports (e.g. Chrome's legacy <c>ssltcp</c>) and unknown types.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out IceCandidate? candidate)
    {
        candidate = null;
        if (text is null) return false;
        ReadOnlySpan<char> value = text.AsSpan().Trim();
        if (value.StartsWith("a=", StringComparison.Ordinal)) value = value[2..];
        if (value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)) value = value[Prefix.Length..];

        string[] tokens = value.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length < 8 || (tokens.Length & 1) != 0) return false; // extensions come in name/value pairs

        if (!IsFoundation(tokens[0])
            || !TryParseNumber(tokens[1], 1, 256, out int component)
            || !TryParseTransport(tokens[2], out var transport)
            || !uint.TryParse(tokens[3], NumberStyles.None, CultureInfo.InvariantCulture, out uint priority)
            || !IsAddress(tokens[4])
            || !TryParseNumber(tokens[5], 0, 65535, out int port)
            || !tokens[6].Equals("typ", StringComparison.OrdinalIgnoreCase)
            || !TryParseType(tokens[7], out var type))
            return false;

        string? relatedAddress = null;
        int? relatedPort = null;
        IceTcpType? tcpType = null;
        var extensions = new List<KeyValuePair<string, string>>();
        for (int i = 8; i < tokens.Length; i += 2)
        {
            string name = tokens[i];
            string extensionValue = tokens[i + 1];
            switch (name)
            {
                case "raddr" when relatedAddress is null && IsAddress(extensionValue):
                    relatedAddress = extensionValue;
                    break;
                case "rport" when relatedPort is null && TryParseNumber(extensionValue, 0, 65535, out int rport):
                    relatedPort = rport;
                    break;
                case "tcptype" when tcpType is null && TryParseTcpType(extensionValue, out var parsedTcpType):
                    tcpType = parsedTcpType;
                    break;
                case "raddr" or "rport" or "tcptype":
                    return false; // repeated or malformed
                default:
                    extensions.Add(new(name, extensionValue));
                    break;
            }
        }

        candidate = new IceCandidate
        {
            Foundation = tokens[0],
            Component = component,
            Transport = transport,
            Priority = priority,
            Address = tokens[4],
            Port = port,
            Type = type,
            RelatedAddress = relatedAddress,
            RelatedPort = relatedPort,
            TcpType = tcpType,
            Extensions = extensions,
        };
        return true;
    }

    /// <summary>A UDP host candidate for component 1: what an SFU node or a client peer announces for its socket.</summary>
    public static IceCandidate Host(string address, int port, ushort localPreference = 65535) => new()
    {
        Foundation = "1",
        Priority = IceCandidatePriority.Compute(IceCandidateType.Host, localPreference, 1),
        Address = address,
        Port = port,
        Type = IceCandidateType.Host,
    };

    /// <summary>
    /// A passive TCP host candidate for component 1 (RFC 6544 §4.5): a listening port peers connect to when UDP
    /// does not get through. Its own foundation (the transport differs from the UDP candidate's), and a priority
    /// below the UDP host candidate's, so ICE prefers UDP whenever both work (see <see cref="IceCandidatePriority.TcpLocalPreference"/>).
    /// </summary>
    public static IceCandidate TcpPassiveHost(string address, int port) => new()
    {
        Foundation = "2",
        Transport = IceTransportProtocol.Tcp,
        Priority = IceCandidatePriority.Compute(IceCandidateType.Host, IceCandidatePriority.TcpLocalPreference(IceTcpType.Passive), 1),
        Address = address,
        Port = port,
        Type = IceCandidateType.Host,
        TcpType = IceTcpType.Passive,
    };

    /// <summary>The SDP attribute value: the text after <c>a=candidate:</c>.</summary>
    public string AttributeValue => ToString()[Prefix.Length..];

    /// <exception cref="FormatException">The text is not a candidate this model understands.</exception>
    public static IceCandidate Parse(string text) =>
        TryParse(text, out var candidate) ? candidate : throw new FormatException($"Not an ICE candidate: '{text}'.");

    /// <summary>
    /// The browser form, <c>candidate:…</c>: what <c>RTCIceCandidate.candidate</c> holds and what follows
    /// <c>a=</c> in an SDP line.
    /// </summary>
    public override string ToString()
    {
        var text = new StringBuilder(128);
        text.Append(Prefix).Append(Foundation)
            .Append(' ').Append(Component.ToString(CultureInfo.InvariantCulture))
            .Append(' ').Append(Transport == IceTransportProtocol.Udp ? "udp" : "tcp")
            .Append(' ').Append(Priority.ToString(CultureInfo.InvariantCulture))
            .Append(' ').Append(Address)
            .Append(' ').Append(Port.ToString(CultureInfo.InvariantCulture))
            .Append(" typ ").Append(TypeToken(Type));
        if (RelatedAddress is not null) text.Append(" raddr ").Append(RelatedAddress);
        if (RelatedPort is int rport) text.Append(" rport ").Append(rport.ToString(CultureInfo.InvariantCulture));
        if (TcpType is IceTcpType tcpType) text.Append(" tcptype ").Append(TcpTypeToken(tcpType));
        foreach (var (name, value) in Extensions)
            text.Append(' ').Append(name).Append(' ').Append(value);
        return text.ToString();
    }

    public static string TypeToken(IceCandidateType type) => type switch
    {
        IceCandidateType.Host => "host",
        IceCandidateType.ServerReflexive => "srflx",
        IceCandidateType.PeerReflexive => "prflx",
        IceCandidateType.Relayed => "relay",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    private static string TcpTypeToken(IceTcpType type) => type switch
    {
        IceTcpType.Active => "active",
        IceTcpType.Passive => "passive",
        IceTcpType.SimultaneousOpen => "so",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    private static bool TryParseType(string token, out IceCandidateType type)
    {
        switch (token.ToLowerInvariant())
        {
            case "host": type = IceCandidateType.Host; return true;
            case "srflx": type = IceCandidateType.ServerReflexive; return true;
            case "prflx": type = IceCandidateType.PeerReflexive; return true;
            case "relay": type = IceCandidateType.Relayed; return true;
            default: type = default; return false;
        }
    }

    private static bool TryParseTransport(string token, out IceTransportProtocol transport)
    {
        switch (token.ToLowerInvariant())
        {
            case "udp": transport = IceTransportProtocol.Udp; return true;
            case "tcp": transport = IceTransportProtocol.Tcp; return true;
            default: transport = default; return false;
        }
    }

    private static bool TryParseTcpType(string token, out IceTcpType type)
    {
        switch (token)
        {
            case "active": type = IceTcpType.Active; return true;
            case "passive": type = IceTcpType.Passive; return true;
            case "so": type = IceTcpType.SimultaneousOpen; return true;
            default: type = default; return false;
        }
    }

    private static bool TryParseNumber(string token, int min, int max, out int number) =>
        int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out number) && number >= min && number <= max;

    private static bool IsFoundation(string token)
    {
        if (token.Length is < 1 or > 32) return false;
        foreach (char c in token)
            if (!char.IsAsciiLetterOrDigit(c) && c != '+' && c != '/') return false;
        return true;
    }

    /// <summary>An IP literal or a host name: printable ASCII without spaces, as a token can be.</summary>
    private static bool IsAddress(string token)
    {
        foreach (char c in token)
            if (c <= ' ' || c > '~') return false;
        return token.Length > 0;
    }
}
