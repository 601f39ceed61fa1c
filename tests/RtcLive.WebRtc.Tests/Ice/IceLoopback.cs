using System.Net;
using RtcLive.WebRtc.Ice;

namespace RtcLive.WebRtc.Tests.Ice;

/// <summary>
/// An in-memory network between a controlling agent (the client) and an ICE-lite responder (the server):
/// every datagram the agent sends to the server's address is handed to the responder, and its answer
/// straight back, at the same instant. The server can be made unreachable to simulate loss.
/// </summary>
internal sealed class IceLoopback(IceControllingAgent agent, IceLiteResponder responder, IPEndPoint client, IPEndPoint server)
{
    private readonly byte[] _datagram = new byte[IceControllingAgent.MinBufferLength];
    private readonly byte[] _answer = new byte[IceLiteResponder.MinResponseBufferLength];
    private readonly byte[] _unused = new byte[IceControllingAgent.MinBufferLength];

    public IceControllingAgent Agent { get; } = agent;

    public IceLiteResponder Responder { get; } = responder;

    public bool ServerReachable { get; set; } = true;

    /// <summary>When each datagram left the agent.</summary>
    public List<long> SendTimes { get; } = [];

    public List<IceCheckResult> ServerResults { get; } = [];

    /// <summary>Lets the agent send everything due at <paramref name="nowMs"/>; returns when it wants to be called next.</summary>
    public long Pump(long nowMs)
    {
        while (true)
        {
            var action = Agent.NextAction(nowMs, _datagram);
            if (action.Kind == IceAgentActionKind.Wait) return action.WakeAtMs;
            SendTimes.Add(nowMs);
            if (!ServerReachable || !server.Equals(action.Destination)) continue;

            var result = Responder.Handle(_datagram.AsSpan(0, action.Length), client, _answer, nowMs);
            ServerResults.Add(result);
            if (result.HasResponse)
                Agent.HandleDatagram(_answer.AsSpan(0, result.ResponseLength), server, _unused, nowMs);
        }
    }

    /// <summary>Runs the clock from <paramref name="fromMs"/> to <paramref name="untilMs"/>, waking the agent whenever it asks.</summary>
    public void RunUntil(long fromMs, long untilMs)
    {
        long now = fromMs;
        while (true)
        {
            long wake = Pump(now);
            if (wake > untilMs) return;
            now = Math.Max(wake, now);
        }
    }
}
