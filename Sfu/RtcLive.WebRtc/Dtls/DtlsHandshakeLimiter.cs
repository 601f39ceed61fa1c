using RtcLive.WebRtc.Transport;

namespace RtcLive.WebRtc.Dtls;

/// <summary>
/// Caps how many DTLS handshakes run at once, in all and per remote IP address. Each handshake in progress occupies a
/// dedicated thread (BouncyCastle's Accept/Connect block) and costs ECDHE and ECDSA work, so a burst of joins or a
/// flood of ClientHellos must not spawn threads without bound, and one address (an attacker holding several
/// sessions) must not take every slot. A handshake that finds the limiter full fails at once rather than queueing:
/// the peer retransmits its ClientHello and the server tries again then, while a queue would only add latency to a
/// node already saturated.
/// </summary>
/// <remarks>Not on the media path: a handshake enters and exits once. A lock keeps the two counts consistent; the
/// per-address table holds only addresses with a handshake in progress, so it never outgrows <see cref="MaxConcurrent"/>.</remarks>
public sealed class DtlsHandshakeLimiter
{
    /// <summary>Default cap: comfortably above the join bursts of a classroom, far below what would exhaust threads.</summary>
    public const int DefaultMaxConcurrent = 32;

    /// <summary>
    /// Default cap per remote IP address: a school behind one NAT address joins in bursts, but each handshake takes
    /// milliseconds and refused ones are retried at the peer's next retransmission, so a burst is slowed, not failed.
    /// </summary>
    public const int DefaultMaxPerAddress = 8;

    private readonly object _gate = new();
    private readonly Dictionary<EndpointKey, int> _perAddress = [];
    private int _inProgress;
    private long _refused;
    private long _refusedPerAddress;

    public DtlsHandshakeLimiter(int maxConcurrent = DefaultMaxConcurrent, int maxPerAddress = DefaultMaxPerAddress)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrent, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPerAddress, 1);
        MaxConcurrent = maxConcurrent;
        MaxPerAddress = maxPerAddress;
    }

    /// <summary>The process-wide limiter transports use unless their options name another.</summary>
    public static DtlsHandshakeLimiter Shared { get; } = new();

    /// <summary>The most handshakes admitted at once.</summary>
    public int MaxConcurrent { get; }

    /// <summary>The most handshakes admitted at once from one remote IP address (any port).</summary>
    public int MaxPerAddress { get; }

    /// <summary>Handshakes admitted and not yet finished.</summary>
    public int InProgress => Volatile.Read(ref _inProgress);

    /// <summary>Handshakes refused because the limiter was full (in all or for the address), since it was created.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Of <see cref="Refused"/>, those refused because their address already had <see cref="MaxPerAddress"/>.</summary>
    public long RefusedPerAddress => Interlocked.Read(ref _refusedPerAddress);

    /// <summary>Remote addresses with a handshake in progress (the size of the per-address table).</summary>
    public int Addresses
    {
        get { lock (_gate) return _perAddress.Count; }
    }

    /// <summary>Handshakes in progress from the IP address of <paramref name="source"/> (any port).</summary>
    public int InProgressFrom(EndpointKey source)
    {
        lock (_gate) return _perAddress.GetValueOrDefault(source with { Port = 0 });
    }

    /// <summary>Admits one handshake if a slot is free; each true result must be paired with one <see cref="Exit()"/>.</summary>
    public bool TryEnter() => TryEnter(null);

    /// <summary>
    /// Admits one handshake from <paramref name="source"/> (its port is ignored; null: counted only in all) if a slot
    /// is free in all and for the address; each true result must be paired with one <see cref="Exit(EndpointKey?)"/>
    /// with the same source.
    /// </summary>
    public bool TryEnter(EndpointKey? source)
    {
        lock (_gate)
        {
            if (_inProgress >= MaxConcurrent)
            {
                _refused++;
                return false;
            }
            if (source is { } remote)
            {
                var address = remote with { Port = 0 };
                int current = _perAddress.GetValueOrDefault(address);
                if (current >= MaxPerAddress)
                {
                    _refused++;
                    _refusedPerAddress++;
                    return false;
                }
                _perAddress[address] = current + 1;
            }
            _inProgress++;
            return true;
        }
    }

    /// <summary>
    /// True if <see cref="TryEnter(EndpointKey?)"/> would admit a handshake from <paramref name="source"/> now, without
    /// taking a slot; a false answer counts as a refusal. Lets a transport turn away a ClientHello cheaply.
    /// </summary>
    public bool Admits(EndpointKey? source)
    {
        lock (_gate)
        {
            if (_inProgress >= MaxConcurrent)
            {
                _refused++;
                return false;
            }
            if (source is { } remote && _perAddress.GetValueOrDefault(remote with { Port = 0 }) >= MaxPerAddress)
            {
                _refused++;
                _refusedPerAddress++;
                return false;
            }
            return true;
        }
    }

    /// <summary>Frees the slot taken by a successful <see cref="TryEnter()"/>.</summary>
    public void Exit() => Exit(null);

    /// <summary>Frees the slot taken by a successful <see cref="TryEnter(EndpointKey?)"/> with the same source.</summary>
    public void Exit(EndpointKey? source)
    {
        lock (_gate)
        {
            if (_inProgress == 0)
                throw new InvalidOperationException("DtlsHandshakeLimiter.Exit called without a matching TryEnter");
            if (source is { } remote)
            {
                var address = remote with { Port = 0 };
                if (!_perAddress.TryGetValue(address, out int current))
                    throw new InvalidOperationException("DtlsHandshakeLimiter.Exit called for an address without a handshake");
                if (current <= 1) _perAddress.Remove(address);
                else _perAddress[address] = current - 1;
            }
            _inProgress--;
        }
    }
}
