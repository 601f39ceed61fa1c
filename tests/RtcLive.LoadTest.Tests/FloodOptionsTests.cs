using System.Net;
using RtcLive.LoadTest.Flood;

namespace RtcLive.LoadTest.Tests;

public sealed class FloodOptionsTests
{
    [Fact]
    public void Parses_a_flood_and_keeps_it_bounded()
    {
        var options = FloodOptions.Parse(["--kind", "stun", "--target", "127.0.0.1:50010", "--from", "127.0.0.2", "--seconds", "3",
            "--count", "1000", "--rate", "500", "--ufrag", "abcd"]);

        Assert.Equal("stun", options.Kind);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 50010), options.Target);
        Assert.Equal(IPAddress.Parse("127.0.0.2"), options.From);
        Assert.Equal(3, options.Seconds);
        Assert.Equal(1000, options.Count);
        Assert.Equal(500, options.Rate);
        Assert.Equal("abcd", options.Ufrag);
    }

    [Theory]
    [InlineData("--kind", "syn", "--kind must be one of random, stun, dtls, join")]
    [InlineData("--seconds", "0", "--seconds must be positive")]
    [InlineData("--seconds", "3600", "--seconds is at most 600: a flood is a test, not an attack")]
    [InlineData("--target", "127.0.0.1", "--target must be HOST:PORT")]
    [InlineData("--bogus", "1", "unknown option --bogus")]
    public void Refuses_what_it_cannot_bound_or_understand(string option, string value, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => FloodOptions.Parse([option, value]));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void A_random_flood_covers_every_first_byte_and_stun_checks_are_well_formed_but_unauthentic()
    {
        var random = FloodDatagramSet.Random(seed: 1);
        var firstBytes = new HashSet<byte>();
        foreach (var datagram in random.Datagrams) firstBytes.Add(datagram[0]);
        Assert.Equal(256, firstBytes.Count);

        var checks = FloodDatagramSet.StunChecks("srvufrag", count: 4);
        foreach (var check in checks.Datagrams)
        {
            Assert.True(WebRtc.Stun.StunMessageReader.TryParse(check, out var message));
            Assert.True(message.VerifyFingerprint());
            Assert.False(message.VerifyMessageIntegrity("the-real-password-is-not-this"u8));
        }
    }
}
