namespace RtcLive.WebRtc.Ice;

/// <summary>Candidate and candidate-pair priorities (RFC 8445 §5.1.2 and §6.1.2.3).</summary>
public static class IceCandidatePriority
{
    /// <summary>The local preference of a host with a single interface (the RFC's recommendation).</summary>
    public const ushort DefaultLocalPreference = 65535;

    /// <summary>RFC 8445 §5.1.2.2's recommended type preferences: host 126, peer-reflexive 110, server-reflexive 100, relayed 0.</summary>
    public static int TypePreference(IceCandidateType type) => type switch
    {
        IceCandidateType.Host => 126,
        IceCandidateType.PeerReflexive => 110,
        IceCandidateType.ServerReflexive => 100,
        IceCandidateType.Relayed => 0,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>
    /// RFC 6544 §4.2: a TCP candidate's local preference is (2^13)·direction-pref + other-pref, with direction-pref
    /// 6 for active, 4 for passive and 2 for simultaneous-open candidates of a host not behind a NAT, and
    /// other-pref (0–8191) telling apart candidates of the same direction. At most 57343 for active, 40959 for
    /// passive: below the 65535 of a UDP host candidate, so UDP wins whenever both paths work.
    /// </summary>
    public static ushort TcpLocalPreference(IceTcpType tcpType, ushort otherPreference = 8191)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(otherPreference, (ushort)8191);
        int direction = tcpType switch
        {
            IceTcpType.Active => 6,
            IceTcpType.Passive => 4,
            IceTcpType.SimultaneousOpen => 2,
            _ => throw new ArgumentOutOfRangeException(nameof(tcpType)),
        };
        return (ushort)((direction << 13) + otherPreference);
    }

    /// <summary>(2^24)·type preference + (2^8)·local preference + (256 − component id).</summary>
    public static uint Compute(IceCandidateType type, ushort localPreference, int componentId)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(componentId, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(componentId, 256);
        return ((uint)TypePreference(type) << 24) + ((uint)localPreference << 8) + (uint)(256 - componentId);
    }

    /// <summary>
    /// A pair's priority from the controlling agent's candidate priority G and the controlled agent's D:
    /// 2^32·MIN(G,D) + 2·MAX(G,D) + (G &gt; D ? 1 : 0). Both agents compute the same order this way.
    /// </summary>
    public static ulong ForPair(uint controllingPriority, uint controlledPriority)
    {
        ulong min = Math.Min(controllingPriority, controlledPriority);
        ulong max = Math.Max(controllingPriority, controlledPriority);
        return (min << 32) + 2 * max + (controllingPriority > controlledPriority ? 1UL : 0UL);
    }
}
