namespace RtcLive.Sfu.Forwarding;

/// <summary>
/// Picks which simulcast layer one subscriber receives (layers 0–2: rid q, h, f, low to high) and decides,
/// packet by packet, what to forward so that switches happen only on a keyframe of the new layer.
/// </summary>
/// <remarks>
/// <para>The target layer: a manual choice when there is one; otherwise the highest active layer whose
/// bitrate × <see cref="UpgradeHeadroom"/> fits in the bandwidth estimate. Never above the preference's
/// max layer; when no active layer fits, the lowest active one (and when every active layer is above the
/// max, the lowest of those: video beats no video).</para>
/// <para>Automatic choice has hysteresis against flapping: the target drops at once when the estimate falls
/// below its bitrate, but rises only after the estimate has stayed at or above the higher layer's bitrate ×
/// <see cref="UpgradeHeadroom"/> for <see cref="UpgradeHoldMs"/>. Manual changes, pauses and layers that go
/// inactive apply at once, and so does any change before the first layer is forwarded (a stream that has
/// not started cannot flap).</para>
/// <para>The forwarded (current) layer follows the target on the target's next keyframe; until then the
/// current layer keeps flowing, and <see cref="NeedsKeyframe"/> asks the caller to request that keyframe.
/// Paused, nothing is forwarded, and resuming waits for a keyframe (the decoder missed frames).</para>
/// <para>An automatic upgrade that fails (the estimate falls below the layer's bitrate within
/// <see cref="FailedUpgradeWindowMs"/> of switching up to it, as when a capped path cannot carry it) holds that layer,
/// and every layer above it, down for this subscriber: <see cref="InitialHoldDownMs"/>, doubling with each further
/// failure up to <see cref="MaxHoldDownMs"/>. Without it the estimate, which grows slowly while nothing is lost,
/// brings the subscriber back to the layer that does not fit every few seconds, and every try costs loss and a
/// keyframe. The hold is lifted, and the count of failures forgotten, when the estimate rises clearly: above the
/// one the failed upgrade was made on, and to <see cref="ClearRiseFactor"/> × its lowest of the last
/// <see cref="RiseWindowMs"/> to twice that, a jump the estimate's slow growth without loss (8 % a second) cannot
/// make, so it does not undo the hold by creeping back; an upgrade that lasts the window forgets the failures too.</para>
/// <para>While the subscriber's path is in an outage (<see cref="SetPathOutage"/>: we send, nothing comes back) automatic
/// choice keeps the target where it is: the estimate says nothing new then, and the layer the viewer had is the one to
/// resume on. The upgrade hold starts over when the outage ends, and an upgrade on trial is not judged across it.</para>
/// <para>Layer bitrates, activity and the estimate are inputs: the caller measures them. A layer is inactive
/// until <see cref="SetLayerActive"/> says otherwise, and a measured bitrate of 0 never counts as fitting.
/// Not thread-safe: one per consumer, driven from one thread.</para>
/// </remarks>
public sealed class SimulcastSelector
{
    public const int LayerCount = 3;

    /// <summary>How far the estimate must exceed a layer's bitrate before moving up to it.</summary>
    public const double UpgradeHeadroom = 1.15;

    /// <summary>How long the estimate must keep that headroom before an upgrade.</summary>
    public const long UpgradeHoldMs = 2000;

    /// <summary>A drop below a layer this soon after an automatic switch up to it makes the upgrade a failure.</summary>
    public const long FailedUpgradeWindowMs = 10_000;

    /// <summary>How long a layer is held down after its first failed upgrade; doubled for each further failure.</summary>
    public const long InitialHoldDownMs = 8_000;

    /// <summary>The longest hold-down.</summary>
    public const long MaxHoldDownMs = 128_000;

    /// <summary>How far the estimate must jump above its recent lowest to count as a clear rise that lifts a hold.</summary>
    public const double ClearRiseFactor = 1.5;

    /// <summary>The recent lowest estimate is taken over the last one to two of these.</summary>
    public const long RiseWindowMs = 2000;

    private const long NotFitting = long.MinValue;
    private const long NotHeld = long.MinValue;

    private readonly long[] _bitrates = new long[LayerCount];
    private readonly SteadyLayerRate[] _steadyRates = new SteadyLayerRate[LayerCount];
    private readonly bool[] _active = new bool[LayerCount];
    private readonly long[] _fitsSinceMs = [NotFitting, NotFitting, NotFitting];
    private long _estimate;
    private SimulcastPreference _preference;
    private bool _paused;
    private int _target = -1;
    private int _current = -1;
    private readonly long[] _heldUntilMs = [NotHeld, NotHeld, NotHeld];
    private readonly int[] _failures = new int[LayerCount];
    private readonly long[] _failedEstimate = new long[LayerCount];
    private int _upgradedTo = -1;       // the layer the last automatic upgrade switched to, while it is on trial
    private long _upgradedAtMs;
    private long _upgradeEstimate;
    private long _lowWindowStartMs = NotHeld;
    private long _lowThisWindow;
    private long _lowLastWindow;
    private bool _outage;

    /// <summary>The layer to forward; -1 when paused or no layer is active.</summary>
    public int TargetLayer => _target;

    /// <summary>The layer being forwarded; -1 before the first keyframe and while paused.</summary>
    public int CurrentLayer => _current;

    /// <summary>Changes of the forwarded layer from one layer to another (for
    /// <c>rtclive_simulcast_switches_total</c>); starting and resuming are not switches.</summary>
    public long SwitchCount { get; private set; }

    /// <summary>Automatic upgrades that failed (see the remarks), for <c>rtclive_simulcast_failed_upgrades_total</c>.</summary>
    public long FailedUpgradeCount { get; private set; }

    public long BandwidthEstimate => _estimate;

    /// <summary>Whether automatic choice may not move up to <paramref name="layer"/> at <paramref name="nowMs"/>
    /// (it, or a layer below it, is held down after a failed upgrade).</summary>
    public bool IsHeldDown(int layer, long nowMs)
    {
        for (int held = CheckLayer(layer); held > 0; held--)
            if (_heldUntilMs[held] != NotHeld && nowMs < _heldUntilMs[held])
                return true;
        return false;
    }

    /// <summary>When the hold-down of <paramref name="layer"/> itself ends; null when it is not held.</summary>
    public long? HeldDownUntil(int layer) => _heldUntilMs[CheckLayer(layer)] == NotHeld ? null : _heldUntilMs[layer];

    public SimulcastPreference Preference => _preference;

    public bool IsPaused => _paused;

    public long GetLayerBitrate(int layer) => _bitrates[CheckLayer(layer)];

    public bool IsLayerActive(int layer) => _active[CheckLayer(layer)];

    /// <summary>The subscriber's available bandwidth (REMB or the transport-wide CC estimate), bits/s.</summary>
    public void SetBandwidthEstimate(long bitsPerSecond, long nowMs)
    {
        _estimate = Math.Max(0, bitsPerSecond);
        if (_lowWindowStartMs == NotHeld || nowMs - _lowWindowStartMs >= RiseWindowMs)
        {
            _lowLastWindow = _lowWindowStartMs == NotHeld ? _estimate : _lowThisWindow;
            _lowThisWindow = _estimate;
            _lowWindowStartMs = nowMs;
        }
        else
        {
            _lowThisWindow = Math.Min(_lowThisWindow, _estimate);
        }
        Evaluate(nowMs);
    }

    /// <summary>Whether the subscriber's path is dead for now (see the remarks): automatic choice holds the target.</summary>
    public void SetPathOutage(bool outage, long nowMs)
    {
        if (outage == _outage) return;
        _outage = outage;
        if (!outage && _upgradedTo >= 0)
            _upgradedAtMs = nowMs; // the trial of an upgrade goes on from here: the outage told nothing about it
        Evaluate(nowMs);
    }

    public bool IsInPathOutage => _outage;

    /// <summary>
    /// The measured bitrate of a layer, bits/s. Judged by its steady rate (<see cref="SteadyLayerRate"/>): a keyframe's
    /// burst does not move a viewer off the layer.
    /// </summary>
    public void SetLayerBitrate(int layer, long bitsPerSecond, long nowMs)
    {
        _bitrates[CheckLayer(layer)] = _steadyRates[layer].Update(Math.Max(0, bitsPerSecond), nowMs);
        Evaluate(nowMs);
    }

    /// <summary>Whether the publisher is sending a layer (it stops the top ones when its uplink is short).</summary>
    public void SetLayerActive(int layer, bool active, long nowMs)
    {
        _active[CheckLayer(layer)] = active;
        Evaluate(nowMs);
    }

    /// <exception cref="ArgumentOutOfRangeException">A manual or max layer outside 0–2.</exception>
    public void SetPreference(SimulcastPreference preference, long nowMs)
    {
        if (preference.ManualLayer is int manual)
            CheckLayer(manual);
        if (preference.MaxLayer is int max)
            CheckLayer(max);
        _preference = preference;
        Evaluate(nowMs);
    }

    /// <summary>A paused subscription forwards nothing until resumed, then restarts on a keyframe.</summary>
    public void SetPaused(bool paused, long nowMs)
    {
        _paused = paused;
        if (paused)
        {
            _current = -1;
            _target = -1;
        }
        Evaluate(nowMs);
    }

    /// <summary>
    /// Decides for one incoming packet of <paramref name="layer"/>; <paramref name="isKeyframe"/> marks the
    /// first packet of a keyframe. Also lets time pass for the upgrade hold.
    /// </summary>
    public SimulcastDecision OnPacket(int layer, bool isKeyframe, long nowMs)
    {
        CheckLayer(layer);
        Evaluate(nowMs);
        if (_paused)
            return SimulcastDecision.Drop;
        if (layer == _target && layer != _current && isKeyframe)
        {
            if (_current >= 0)
                SwitchCount++;
            if (_current >= 0 && layer > _current && _preference.ManualLayer is null)
            {
                _upgradedTo = layer;
                _upgradedAtMs = nowMs;
                _upgradeEstimate = _estimate;
            }
            else
            {
                _upgradedTo = -1;
            }
            _current = layer;
            return new SimulcastDecision(Forward: true, LayerChanged: true);
        }
        return layer == _current ? new SimulcastDecision(Forward: true, LayerChanged: false) : SimulcastDecision.Drop;
    }

    /// <summary>True while waiting for a keyframe of the target <paramref name="layer"/>; the caller asks the
    /// publisher for one (through its <see cref="KeyframeRequestLimiter"/>).</summary>
    public bool NeedsKeyframe(out int layer)
    {
        layer = _target;
        return !_paused && _target >= 0 && _target != _current;
    }

    private void Evaluate(long nowMs)
    {
        for (int layer = 0; layer < LayerCount; layer++)
        {
            if (!FitsWithHeadroom(layer) || _outage)
                _fitsSinceMs[layer] = NotFitting;
            else if (_fitsSinceMs[layer] == NotFitting)
                _fitsSinceMs[layer] = nowMs;
            if (_heldUntilMs[layer] != NotHeld && nowMs >= _heldUntilMs[layer])
                _heldUntilMs[layer] = NotHeld; // ran out; the count of failures stays for the next one
            if (_heldUntilMs[layer] != NotHeld && _estimate >= _failedEstimate[layer]
                && _estimate >= ClearRiseFactor * Math.Min(_lowThisWindow, _lowLastWindow))
            {
                _heldUntilMs[layer] = NotHeld;
                _failures[layer] = 0;
            }
        }
        if (_upgradedTo >= 0 && (_current != _upgradedTo || nowMs - _upgradedAtMs > FailedUpgradeWindowMs))
        {
            if (_current == _upgradedTo)
                _failures[_upgradedTo] = 0; // it held: the path carries it
            _upgradedTo = -1;
        }
        _target = ChooseTarget(nowMs);
    }

    /// <summary>The estimate fell below the layer an automatic upgrade just switched to: hold it down, longer each time.</summary>
    private void OnUpgradeFailed(int layer, long nowMs)
    {
        int failures = Math.Min(++_failures[layer], 30);
        long hold = failures >= 16 ? MaxHoldDownMs : Math.Min(MaxHoldDownMs, InitialHoldDownMs << (failures - 1));
        _heldUntilMs[layer] = nowMs + hold;
        _failedEstimate[layer] = Math.Max(_upgradeEstimate, (long)(_bitrates[layer] * UpgradeHeadroom));
        _upgradedTo = -1;
        FailedUpgradeCount++;
    }

    private int ChooseTarget(long nowMs)
    {
        if (_paused)
            return -1;
        int cap = _preference.MaxLayer ?? LayerCount - 1;
        if (_preference.ManualLayer is int manual)
            return HighestActiveUpTo(Math.Min(manual, cap));

        int target = _target;
        if (_current < 0 || target < 0 || !_active[target] || target > cap)
        {
            // Nothing forwarded yet (so nothing to flap), or the target is no longer possible: take what fits now.
            for (int layer = cap; layer >= 0; layer--)
                if (FitsWithHeadroom(layer) && !IsHeldDown(layer, nowMs))
                    return layer;
            return LowestActive();
        }

        if (_outage)
            return target;

        if (_estimate < _bitrates[target])
        {
            if (target == _current && target == _upgradedTo && nowMs - _upgradedAtMs <= FailedUpgradeWindowMs)
                OnUpgradeFailed(target, nowMs);
            for (int layer = target - 1; layer >= 0; layer--)
                if (FitsWithHeadroom(layer))
                    return layer;
            return LowestActive();
        }

        for (int layer = cap; layer > target; layer--)
            if (_fitsSinceMs[layer] != NotFitting && nowMs - _fitsSinceMs[layer] >= UpgradeHoldMs && !IsHeldDown(layer, nowMs))
                return layer;
        return target;
    }

    private bool FitsWithHeadroom(int layer) =>
        _active[layer] && _bitrates[layer] > 0 && _bitrates[layer] * UpgradeHeadroom <= _estimate;

    /// <summary>The highest active layer at or below <paramref name="limit"/>, else the lowest active one.</summary>
    private int HighestActiveUpTo(int limit)
    {
        for (int layer = limit; layer >= 0; layer--)
            if (_active[layer])
                return layer;
        return LowestActive();
    }

    /// <summary>The lowest active layer (at or below any cap whenever one is); -1 when none is active.</summary>
    private int LowestActive()
    {
        for (int layer = 0; layer < LayerCount; layer++)
            if (_active[layer])
                return layer;
        return -1;
    }

    private static int CheckLayer(int layer) =>
        (uint)layer < LayerCount ? layer : throw new ArgumentOutOfRangeException(nameof(layer), layer, "A simulcast layer is 0, 1 or 2.");
}
