using RtcLive.WebRtc.Ice;

namespace RtcLive.WebRtc.Tests.Ice;

public class IceCredentialsTests
{
    [Fact]
    public void GeneratedCredentialsAreLongEnoughIceCharsAndUnique()
    {
        var seen = new HashSet<string>();
        for (int i = 0; i < 200; i++)
        {
            var credentials = IceCredentials.Generate();
            Assert.Equal(IceCredentials.GeneratedUfragLength, credentials.Ufrag.Length);
            Assert.Equal(IceCredentials.GeneratedPasswordLength, credentials.Password.Length);
            Assert.True(IceCredentials.IsValidUfrag(credentials.Ufrag));
            Assert.True(IceCredentials.IsValidPassword(credentials.Password));
            Assert.True(seen.Add(credentials.Ufrag + credentials.Password));
        }
    }

    [Fact]
    public void KeepsTheBytesUsedOnTheWire()
    {
        var credentials = new IceCredentials("abcd", "0123456789abcdef+/ABCD");
        Assert.Equal("abcd"u8.ToArray(), credentials.UfragBytes.ToArray());
        Assert.Equal("0123456789abcdef+/ABCD"u8.ToArray(), credentials.PasswordBytes.ToArray());
    }

    [Theory]
    [InlineData("abc", "0123456789abcdef+/ABCD")]          // ufrag too short
    [InlineData("ab:d", "0123456789abcdef+/ABCD")]         // ':' separates ufrags in USERNAME
    [InlineData("abcd", "0123456789abcdef+/ABC")]          // password 21 chars
    [InlineData("abcd", "0123456789abcdef+/ABC=")]         // '=' is not an ice-char
    [InlineData("abcd", "0123456789abcdef ABCDEF")]
    public void RejectsValuesOutsideTheGrammar(string ufrag, string password)
    {
        Assert.Throws<ArgumentException>(() => new IceCredentials(ufrag, password));
        Assert.False(IceCredentials.TryCreate(ufrag, password, out _));
    }

    [Fact]
    public void RejectsOverlongValues()
    {
        Assert.False(IceCredentials.TryCreate(new string('a', 257), "0123456789abcdef+/ABCD", out _));
        Assert.True(IceCredentials.TryCreate(new string('a', 256), new string('b', 256), out _));
        Assert.False(IceCredentials.TryCreate(null, "0123456789abcdef+/ABCD", out _));
    }

    [Fact]
    public void ToStringHidesThePassword()
    {
        var credentials = new IceCredentials("abcd", "0123456789abcdef+/ABCD");
        Assert.Equal("ufrag=abcd", credentials.ToString());
    }
}
