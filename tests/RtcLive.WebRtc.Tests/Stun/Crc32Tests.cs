using RtcLive.WebRtc.Stun;

namespace RtcLive.WebRtc.Tests.Stun;

public class Crc32Tests
{
    [Fact]
    public void MatchesTheStandardCheckValue() => Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));

    [Fact]
    public void EmptyInputIsZero() => Assert.Equal(0u, Crc32.Compute([]));

    [Fact]
    public void MatchesKnownValueOfAPangram() =>
        Assert.Equal(0x414FA339u, Crc32.Compute("The quick brown fox jumps over the lazy dog"u8));
}
