using RtcLive.WebRtc.Ice;

namespace RtcLive.WebRtc.Tests.Ice;

public class IceCandidatePriorityTests
{
    [Theory]
    [InlineData(IceCandidateType.Host, 65535, 1, 2130706431u)]              // 126·2^24 + 65535·2^8 + 255
    [InlineData(IceCandidateType.Host, 32542, 1, 2122260223u)]              // Chrome's host candidate above
    [InlineData(IceCandidateType.ServerReflexive, 30, 1, 1677729535u)]      // Chrome's srflx
    [InlineData(IceCandidateType.PeerReflexive, 65535, 1, 1862270975u)]
    [InlineData(IceCandidateType.Relayed, 0, 2, 254u)]
    public void ComputesRfc8445Priorities(IceCandidateType type, int localPreference, int component, uint expected) =>
        Assert.Equal(expected, IceCandidatePriority.Compute(type, (ushort)localPreference, component));

    [Fact]
    public void PairPriorityFollowsTheFormulaAndFavoursTheControllingSide()
    {
        Assert.Equal((5UL << 32) + 2 * 7 + 1, IceCandidatePriority.ForPair(7, 5));
        Assert.Equal((5UL << 32) + 2 * 7, IceCandidatePriority.ForPair(5, 7));
        Assert.Equal((5UL << 32) + 2 * 5, IceCandidatePriority.ForPair(5, 5));
        Assert.True(IceCandidatePriority.ForPair(2130706431, 2130706431) > IceCandidatePriority.ForPair(2130706431, 41885439));
    }

    [Fact]
    public void RejectsComponentsOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => IceCandidatePriority.Compute(IceCandidateType.Host, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => IceCandidatePriority.Compute(IceCandidateType.Host, 1, 257));
    }
}
