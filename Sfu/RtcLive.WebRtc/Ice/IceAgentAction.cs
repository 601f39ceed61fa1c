using System.Net;

namespace RtcLive.WebRtc.Ice;

/// <summary>What <see cref="IceControllingAgent.NextAction"/> asks the socket loop to do.</summary>
public readonly struct IceAgentAction
{
    /// <summary>The <see cref="WakeAtMs"/> of an agent that will never send again.</summary>
    public const long Never = long.MaxValue;

    private IceAgentAction(IceAgentActionKind kind, int length, IPEndPoint? destination, long wakeAtMs)
    {
        Kind = kind;
        Length = length;
        Destination = destination;
        WakeAtMs = wakeAtMs;
    }

    public IceAgentActionKind Kind { get; }

    /// <summary>For <see cref="IceAgentActionKind.Send"/>: bytes of the buffer to send.</summary>
    public int Length { get; }

    /// <summary>For <see cref="IceAgentActionKind.Send"/>: where to send them.</summary>
    public IPEndPoint? Destination { get; }

    /// <summary>For <see cref="IceAgentActionKind.Wait"/>: the latest time to call again (<see cref="Never"/> when done).</summary>
    public long WakeAtMs { get; }

    internal static IceAgentAction Send(int length, IPEndPoint destination) => new(IceAgentActionKind.Send, length, destination, 0);

    internal static IceAgentAction Wait(long wakeAtMs) => new(IceAgentActionKind.Wait, 0, null, wakeAtMs);

    public override string ToString() => Kind == IceAgentActionKind.Send ? $"Send {Length} B to {Destination}" : $"Wait until {WakeAtMs}";
}
