using System.Net;

namespace RtcLive.WebRtc.Ice;

/// <summary>
/// Our single local candidate (the agent's socket) paired with one remote candidate, as checked by
/// <see cref="IceControllingAgent"/>.
/// </summary>
public sealed class IceCandidatePair
{
    internal IceCandidatePair(IceCandidate remoteCandidate, IPEndPoint remoteEndPoint, ulong priority)
    {
        RemoteCandidate = remoteCandidate;
        RemoteEndPoint = remoteEndPoint;
        Priority = priority;
    }

    public IceCandidate RemoteCandidate { get; }

    /// <summary>Where checks (and, once selected, media) go.</summary>
    public IPEndPoint RemoteEndPoint { get; }

    /// <summary>Pair priority (RFC 8445 §6.1.2.3); higher is checked first.</summary>
    public ulong Priority { get; }

    public IceCandidatePairState State { get; internal set; }

    /// <summary>Our address as the peer saw it (XOR-MAPPED-ADDRESS of the last success response).</summary>
    public IPEndPoint? MappedEndPoint { get; internal set; }

    /// <summary>The ERROR-CODE of an authentic error response, if one failed the pair.</summary>
    public int? ErrorCode { get; internal set; }

    internal IceTransaction Transaction { get; } = new();

    public override string ToString() => $"{RemoteEndPoint} ({IceCandidate.TypeToken(RemoteCandidate.Type)}) {State}";
}
