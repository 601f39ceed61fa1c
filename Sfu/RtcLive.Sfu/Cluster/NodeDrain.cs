using Microsoft.Extensions.Logging;
using RtcLive.Cluster;
using RtcLive.Sfu.Control;
using RtcLive.Sfu.Node;

namespace RtcLive.Sfu.Cluster;

/// <summary>
/// What draining does to a node, for whichever host runs it: the registry says <c>draining</c> (placement skips
/// the node), readiness turns false, and at the deadline everyone still on it is sent away (signaling tells
/// them to rejoin elsewhere). The node then stays up and empty until its operator stops it.
/// </summary>
public sealed class NodeDrain : IDisposable
{
    public const string EvictionReason = "the node is draining";

    private readonly SfuNode _node;
    private readonly LocalSfuNodeControl _control;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private NodeRegistration? _registration;
    private volatile bool _draining;

    public NodeDrain(SfuNode node, LocalSfuNodeControl control, ILogger<NodeDrain> logger)
    {
        _node = node;
        _control = control;
        _logger = logger;
        _control.DrainRequested += Begin;
    }

    public bool IsDraining => _draining;

    /// <summary>The registration to mark draining (set once the node is registered; a drain before that applies then).</summary>
    public NodeRegistration? Registration
    {
        get => _registration;
        set
        {
            _registration = value;
            if (_draining && value is not null) value.State = NodeStates.Draining;
        }
    }

    private void Begin(TimeSpan deadline)
    {
        bool first = !_draining;
        _draining = true;
        if (_registration is { } registration) registration.State = NodeStates.Draining;
        if (!first) return;
        _logger.LogWarning("node {Node} draining: no new participants; the remaining are moved in {Seconds:0} s", _node.Id, deadline.TotalSeconds);
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(deadline, _stop.Token);
                _node.EvictAll(EvictionReason);
            }
            catch (OperationCanceledException)
            {
                // The host stopped first.
            }
        });
    }

    public void Dispose()
    {
        _control.DrainRequested -= Begin;
        _stop.Cancel();
        _stop.Dispose();
    }
}
