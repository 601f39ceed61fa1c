using System.Net;
using Microsoft.Extensions.Logging;
using RtcLive.WebRtc.Ice;
using RtcLive.WebRtc.Transport;

namespace RtcLive.WebRtc.Client;

/// <summary>
/// Runs a client peer's <see cref="IceControllingAgent"/>: a small thread sends what the agent asks and sleeps
/// until its next deadline (or until a STUN datagram or a new candidate may have changed it), and the socket's
/// receive thread hands it STUN datagrams and sends back its answers. The agent is single-threaded, so both
/// threads take one lock; only STUN passes here, never media.
/// </summary>
internal sealed class IceDriver : IDisposable
{
    private readonly IceControllingAgent _agent;
    private readonly UdpSocket _socket;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly object _signal = new();
    private bool _signalled;
    private readonly Thread _thread;
    private readonly byte[] _checkBuffer = new byte[IceControllingAgent.MinBufferLength];
    private readonly byte[] _responseBuffer = new byte[IceControllingAgent.MinBufferLength];
    private volatile bool _stopping;
    private int _reported; // 0 until Selected or Failed has been raised: each is raised at most once, consent loss after selection

    public IceDriver(IceControllingAgent agent, UdpSocket socket, ILogger logger)
    {
        _agent = agent;
        _socket = socket;
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = "client-peer ICE" };
    }

    /// <summary>Raised once, on the thread that saw it, when a pair has succeeded and media may use it.</summary>
    public event Action<IceCandidatePair>? Selected;

    /// <summary>Raised once when no pair succeeded, or when consent was lost after selection.</summary>
    public event Action<string>? Failed;

    public IceAgentState State
    {
        get { lock (_gate) return _agent.State; }
    }

    public void Start() => _thread.Start();

    /// <summary>Adds a remote candidate the socket can reach; false when it is skipped (see <see cref="IceControllingAgent.AddRemoteCandidate"/>).</summary>
    public bool AddRemoteCandidate(IceCandidate candidate)
    {
        if (!candidate.TryGetEndPoint(out var endpoint) || !_socket.CanReach(endpoint)) return false;
        bool added;
        lock (_gate) added = _agent.AddRemoteCandidate(candidate);
        if (added) Wake();
        return added;
    }

    /// <summary>A STUN datagram, on the receive thread.</summary>
    public void HandleStun(ReadOnlySpan<byte> datagram, SocketAddress from)
    {
        IPEndPoint sender = EndpointKey.From(from).ToIPEndPoint();
        IceAgentReceiveResult result;
        lock (_gate) result = _agent.HandleDatagram(datagram, sender, _responseBuffer, Environment.TickCount64);
        if (result.HasResponse) _socket.Send(_responseBuffer.AsSpan(0, result.ResponseLength), from);
        if (result.Status == IceAgentReceiveStatus.ResponseAccepted)
        {
            Observe();
            Wake(); // a selection or a finished check moves the agent's next deadline
        }
    }

    private void Run()
    {
        while (!_stopping)
        {
            long now = Environment.TickCount64;
            IceAgentAction action;
            lock (_gate) action = _agent.NextAction(now, _checkBuffer);
            if (action.Kind == IceAgentActionKind.Send)
            {
                _socket.Send(_checkBuffer.AsSpan(0, action.Length), _socket.ToSocketAddress(action.Destination!));
                continue;
            }

            Observe();
            // A Wait whose time has already come is retried after a millisecond, never in a tight loop.
            int waitMs = action.WakeAtMs == IceAgentAction.Never
                ? Timeout.Infinite
                : (int)Math.Clamp(action.WakeAtMs - now, 1, int.MaxValue);
            Sleep(waitMs);
        }
    }

    /// <summary>Sleeps until <paramref name="timeoutMs"/> passes or <see cref="Wake"/> is called.</summary>
    private void Sleep(int timeoutMs)
    {
        lock (_signal)
        {
            if (!_signalled) Monitor.Wait(_signal, timeoutMs);
            _signalled = false;
        }
    }

    private void Wake()
    {
        lock (_signal)
        {
            _signalled = true;
            Monitor.Pulse(_signal);
        }
    }

    private void Observe()
    {
        IceAgentState state;
        IceCandidatePair? selected;
        string pairs;
        lock (_gate)
        {
            state = _agent.State;
            selected = _agent.SelectedPair;
            pairs = state == IceAgentState.Failed ? Describe(_agent.Pairs) : "";
        }

        switch (state)
        {
            case IceAgentState.Connected when Interlocked.CompareExchange(ref _reported, 1, 0) == 0:
                _logger.LogDebug("ICE selected {Pair}", selected);
                Selected?.Invoke(selected!);
                break;
            case IceAgentState.Failed when Interlocked.Exchange(ref _reported, 2) != 2:
                Failed?.Invoke(pairs.Length == 0
                    ? $"ICE failed: the remote offered no candidate this peer can reach within {_agent.Options.CheckTimeoutMs} ms"
                    : $"ICE failed: no candidate pair succeeded within {_agent.Options.CheckTimeoutMs} ms ({pairs})");
                break;
            case IceAgentState.ConsentExpired when Interlocked.Exchange(ref _reported, 2) != 2:
                Failed?.Invoke($"ICE consent expired: the remote answered no consent check for {_agent.Options.ConsentTimeoutMs} ms");
                break;
        }
    }

    private static string Describe(IReadOnlyList<IceCandidatePair> pairs)
    {
        var parts = new List<string>(pairs.Count);
        foreach (var pair in pairs)
            parts.Add(pair.ErrorCode is { } code ? $"{pair} error {code}" : pair.ToString());
        return string.Join(", ", parts);
    }

    public void Dispose()
    {
        _stopping = true;
        Wake();
        if (_thread.IsAlive && Thread.CurrentThread != _thread) _thread.Join(TimeSpan.FromSeconds(2));
    }
}
