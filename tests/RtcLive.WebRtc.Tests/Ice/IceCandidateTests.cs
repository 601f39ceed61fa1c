using System.Net;
using RtcLive.WebRtc.Ice;

namespace RtcLive.WebRtc.Tests.Ice;

public class IceCandidateTests
{
    [Theory]
    [InlineData("candidate:1467250027 1 udp 2122260223 192.168.1.2 46243 typ host generation 0 ufrag abcd network-id 1")]
    [InlineData("candidate:2 1 tcp 1518280447 10.0.0.1 9 typ host tcptype active")]
    [InlineData("candidate:1467250027 1 tcp 1518280447 192.168.1.2 9 typ host tcptype active generation 0 ufrag abcd network-id 1")]
    [InlineData("candidate:842163049 1 udp 1677729535 203.0.113.7 61934 typ srflx raddr 192.168.1.2 rport 46243 generation 0 ufrag abcd network-id 1 network-cost 10")]
    [InlineData("candidate:3442447574 1 udp 2122260223 c2a4f5e1-6b1d-4c3e-9f0a-7d2e8b5c4a13.local 54400 typ host generation 0 ufrag EsAw network-id 1")]
    [InlineData("candidate:2999745851 1 udp 2122129151 2001:db8::1 50000 typ host generation 0 ufrag abcd network-id 2")]
    [InlineData("candidate:4234997325 1 udp 41885439 198.51.100.9 3478 typ relay raddr 203.0.113.7 rport 61934 generation 0 ufrag abcd network-id 1")]
    [InlineData("candidate:1 1 udp 1845501695 198.51.100.20 40000 typ prflx raddr 0.0.0.0 rport 0")]
    public void RoundTripsChromeCandidateLinesExactly(string line)
    {
        var candidate = IceCandidate.Parse(line);
        Assert.Equal(line, candidate.ToString());
        Assert.Equal(line, IceCandidate.Parse(candidate.ToString()).ToString());
    }

    [Fact]
    public void ParsesAHostCandidate()
    {
        var candidate = IceCandidate.Parse("candidate:1467250027 1 udp 2122260223 192.168.1.2 46243 typ host generation 0 ufrag abcd network-id 1");
        Assert.Equal("1467250027", candidate.Foundation);
        Assert.Equal(1, candidate.Component);
        Assert.Equal(IceTransportProtocol.Udp, candidate.Transport);
        Assert.Equal(2122260223u, candidate.Priority);
        Assert.Equal("192.168.1.2", candidate.Address);
        Assert.Equal(46243, candidate.Port);
        Assert.Equal(IceCandidateType.Host, candidate.Type);
        Assert.Null(candidate.RelatedAddress);
        Assert.Null(candidate.RelatedPort);
        Assert.Null(candidate.TcpType);
        Assert.Equal(
            [new("generation", "0"), new("ufrag", "abcd"), new("network-id", "1")],
            candidate.Extensions);
        Assert.True(candidate.TryGetEndPoint(out var endpoint));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.168.1.2"), 46243), endpoint);
        Assert.False(candidate.IsMdns);
    }

    [Fact]
    public void ParsesATcpCandidate()
    {
        var candidate = IceCandidate.Parse("candidate:2 1 tcp 1518280447 10.0.0.1 9 typ host tcptype active");
        Assert.Equal(IceTransportProtocol.Tcp, candidate.Transport);
        Assert.Equal(IceTcpType.Active, candidate.TcpType);
        Assert.Equal(9, candidate.Port);
        Assert.Empty(candidate.Extensions);
    }

    [Fact]
    public void ParsesAServerReflexiveCandidateWithItsBase()
    {
        var candidate = IceCandidate.Parse("candidate:842163049 1 udp 1677729535 203.0.113.7 61934 typ srflx raddr 192.168.1.2 rport 46243 generation 0");
        Assert.Equal(IceCandidateType.ServerReflexive, candidate.Type);
        Assert.Equal("192.168.1.2", candidate.RelatedAddress);
        Assert.Equal(46243, candidate.RelatedPort);
    }

    [Fact]
    public void KeepsMdnsNamesAsTheyAre()
    {
        var candidate = IceCandidate.Parse("candidate:3442447574 1 udp 2122260223 c2a4f5e1-6b1d-4c3e-9f0a-7d2e8b5c4a13.local 54400 typ host generation 0");
        Assert.True(candidate.IsMdns);
        Assert.Equal("c2a4f5e1-6b1d-4c3e-9f0a-7d2e8b5c4a13.local", candidate.Address);
        Assert.False(candidate.TryGetEndPoint(out _));
    }

    [Theory]
    [InlineData("a=candidate:0 1 UDP 2122252543 192.168.1.2 55555 typ host")]     // SDP line, Firefox casing
    [InlineData("0 1 UDP 2122252543 192.168.1.2 55555 typ host")]                 // bare attribute value
    [InlineData("candidate:0 1 udp 2122252543 192.168.1.2 55555 typ host\r\n")]
    [InlineData("candidate:0  1 udp 2122252543 192.168.1.2 55555  typ HOST")]
    public void AcceptsPrefixesCasingAndExtraWhitespace(string text)
    {
        Assert.True(IceCandidate.TryParse(text, out var candidate));
        Assert.Equal("candidate:0 1 udp 2122252543 192.168.1.2 55555 typ host", candidate.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("candidate:")]
    [InlineData("candidate:1 1 udp 2122260223 192.168.1.2 46243 typ")]                 // no type
    [InlineData("candidate:1 1 udp 2122260223 192.168.1.2 46243 type host")]           // not "typ"
    [InlineData("candidate:1 1 udp 2122260223 192.168.1.2 46243 typ nat")]             // unknown type
    [InlineData("candidate:1 1 ssltcp 2122260223 192.168.1.2 443 typ host")]           // unknown transport
    [InlineData("candidate:1 0 udp 2122260223 192.168.1.2 46243 typ host")]            // component 0
    [InlineData("candidate:1 257 udp 2122260223 192.168.1.2 46243 typ host")]
    [InlineData("candidate:1 1 udp 4294967296 192.168.1.2 46243 typ host")]            // priority over 32 bits
    [InlineData("candidate:1 1 udp -5 192.168.1.2 46243 typ host")]
    [InlineData("candidate:1 1 udp 2122260223 192.168.1.2 65536 typ host")]            // port
    [InlineData("candidate:1 1 udp 2122260223 192.168.1.2 46243 typ host generation")] // dangling extension
    [InlineData("candidate:1 1 udp 2122260223 203.0.113.7 1 typ srflx raddr 192.168.1.2 rport x")]
    [InlineData("candidate:1 1 tcp 2122260223 10.0.0.1 9 typ host tcptype sideways")]
    [InlineData("candidate:1 1 udp 1 10.0.0.1 9 typ srflx raddr 10.0.0.2 raddr 10.0.0.3")]
    [InlineData("candidate:f=o 1 udp 2122260223 192.168.1.2 46243 typ host")]          // foundation not ice-chars
    [InlineData("candidate:123456789012345678901234567890123 1 udp 1 192.168.1.2 1 typ host")] // foundation > 32
    public void RejectsMalformedCandidates(string? text)
    {
        Assert.False(IceCandidate.TryParse(text, out var candidate));
        Assert.Null(candidate);
        if (text is not null) Assert.Throws<FormatException>(() => IceCandidate.Parse(text));
    }

    [Fact]
    public void FormatsACandidateBuiltInCode()
    {
        var candidate = new IceCandidate
        {
            Foundation = "1",
            Priority = IceCandidatePriority.Compute(IceCandidateType.Host, 65535, 1),
            Address = "10.0.0.1",
            Port = 3478,
            Type = IceCandidateType.Host,
        };
        Assert.Equal("candidate:1 1 udp 2130706431 10.0.0.1 3478 typ host", candidate.ToString());
    }
}
