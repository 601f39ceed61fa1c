using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using RtcLive.WebRtc.Stun;

namespace RtcLive.WebRtc.Ice;

/// <summary>
/// A full ICE agent in the controlling role (RFC 8445) with one local candidate, the socket it is driven
/// from: the headless client peer's side of a connection to an ICE-lite server. It checks every usable
/// remote candidate (highest pair priority first) with aggressive nomination — every check carries
/// USE-CANDIDATE — selects the first pair that succeeds, then keeps consent with a check every
/// <see cref="IceAgentOptions.ConsentIntervalMs"/> (RFC 7675). It also answers checks the peer sends.
/// </summary>
/// <remarks>
/// No threads or timers: the socket loop calls <see cref="NextAction"/> until it says Wait, sleeps until
/// <see cref="IceAgentAction.WakeAtMs"/> or a datagram arrives, and passes datagrams to
/// <see cref="HandleDatagram"/>. Single-threaded; time is milliseconds on any monotonic clock.
/// The agent does not switch roles: on a role conflict it keeps controlling (see <see cref="HandleDatagram"/>).
/// </remarks>
public sealed class IceControllingAgent
{
    /// <summary>
    /// Buffers given to <see cref="NextAction"/> and <see cref="HandleDatagram"/> must be at least this long:
    /// a check with the longest USERNAME two 256-character ufrags make is 596 bytes.
    /// </summary>
    public const int MinBufferLength = 600;

    private readonly List<IceCandidatePair> _pairs = [];
    private readonly byte[] _outgoingUsername; // remote:local on our checks
    private readonly byte[] _incomingUsername; // local:remote on the peer's checks
    private long _startedMs;
    private long _lastConsentMs;
    private long _nextConsentMs;

    public IceControllingAgent(IceCredentials local, IceCredentials remote, IceAgentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(remote);
        Options = options ?? new IceAgentOptions();
        Options.Validate();
        LocalCredentials = local;
        RemoteCredentials = remote;
        _outgoingUsername = IceUsername.Create(remote.Ufrag, local.Ufrag);
        _incomingUsername = IceUsername.Create(local.Ufrag, remote.Ufrag);
        Span<byte> random = stackalloc byte[8];
        RandomNumberGenerator.Fill(random);
        TieBreaker = BinaryPrimitives.ReadUInt64BigEndian(random);
        // PRIORITY tells the peer what it would call us if it learned us as a peer-reflexive candidate.
        CheckPriority = IceCandidatePriority.Compute(IceCandidateType.PeerReflexive, Options.LocalPreference, 1);
        LocalCandidatePriority = IceCandidatePriority.Compute(IceCandidateType.Host, Options.LocalPreference, 1);
    }

    public IceCredentials LocalCredentials { get; }

    public IceCredentials RemoteCredentials { get; }

    public IceAgentOptions Options { get; }

    /// <summary>Our ICE-CONTROLLING value, random per agent (RFC 8445 §7.1.1).</summary>
    public ulong TieBreaker { get; }

    /// <summary>The PRIORITY attribute of our checks.</summary>
    public uint CheckPriority { get; }

    /// <summary>The priority of our one (host) candidate, used for pair priorities.</summary>
    public uint LocalCandidatePriority { get; }

    public IceAgentState State { get; private set; }

    /// <summary>Pairs in check order (highest priority first).</summary>
    public IReadOnlyList<IceCandidatePair> Pairs => _pairs;

    /// <summary>The pair media should use; null until one succeeds.</summary>
    public IceCandidatePair? SelectedPair { get; private set; }

    /// <summary>
    /// Adds a remote candidate (from the answer or trickled). Only component 1 UDP candidates with an IP
    /// literal address can be checked from our UDP socket: TCP, mDNS names (which need the browser's
    /// resolver), other components and duplicates are skipped and return false, as does anything once
    /// the agent has finished.
    /// </summary>
    public bool AddRemoteCandidate(IceCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (State is IceAgentState.Failed or IceAgentState.ConsentExpired) return false;
        if (candidate.Component != 1 || candidate.Transport != IceTransportProtocol.Udp) return false;
        if (!candidate.TryGetEndPoint(out var endpoint)) return false;
        foreach (var existing in _pairs)
            if (SameEndPoint(existing.RemoteEndPoint, endpoint)) return false;

        var pair = new IceCandidatePair(candidate, endpoint, IceCandidatePriority.ForPair(LocalCandidatePriority, candidate.Priority));
        if (State == IceAgentState.Connected) pair.State = IceCandidatePairState.Cancelled;
        int index = 0;
        while (index < _pairs.Count && _pairs[index].Priority >= pair.Priority) index++;
        _pairs.Insert(index, pair);
        return true;
    }

    /// <summary>
    /// What to do now: a check to send (written into <paramref name="buffer"/>) or how long to wait.
    /// Call again right after a Send; one call sends at most one datagram.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="buffer"/> is shorter than <see cref="MinBufferLength"/>.</exception>
    public IceAgentAction NextAction(long nowMs, Span<byte> buffer)
    {
        EnsureRoom(buffer, nameof(buffer));
        if (State == IceAgentState.New)
        {
            State = IceAgentState.Checking;
            _startedMs = nowMs;
        }

        return State switch
        {
            IceAgentState.Checking => NextCheck(nowMs, buffer),
            IceAgentState.Connected => NextConsentCheck(nowMs, buffer),
            _ => IceAgentAction.Wait(IceAgentAction.Never),
        };
    }

    /// <summary>
    /// Takes a datagram from <paramref name="from"/>: an answer to one of our checks (matched by transaction
    /// id, authenticated with the peer's password, and required to come from the address the check went to)
    /// or a check from the peer, which is answered into <paramref name="response"/>. A peer that also claims
    /// the controlling role gets 487 whatever the tie-breakers say: this agent only ever controls.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="response"/> is shorter than <see cref="MinBufferLength"/>.</exception>
    public IceAgentReceiveResult HandleDatagram(ReadOnlySpan<byte> datagram, IPEndPoint from, Span<byte> response, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(from);
        EnsureRoom(response, nameof(response));
        if (!StunMessageReader.TryParse(datagram, out var message)
            || (message.HasFingerprint && !message.VerifyFingerprint()))
            return new(IceAgentReceiveStatus.Ignored, 0);

        return message.MessageType switch
        {
            StunMessageType.BindingRequest => Answer(ref message, from, response),
            StunMessageType.BindingSuccessResponse or StunMessageType.BindingErrorResponse => Accept(ref message, from, nowMs),
            _ => new(IceAgentReceiveStatus.Ignored, 0),
        };
    }

    /// <summary>True once connected and no consent check has been answered for <see cref="IceAgentOptions.ConsentTimeoutMs"/>.</summary>
    public bool IsConsentExpired(long nowMs) =>
        State == IceAgentState.ConsentExpired
        || (State == IceAgentState.Connected && nowMs - _lastConsentMs >= Options.ConsentTimeoutMs);

    private IceAgentAction NextCheck(long nowMs, Span<byte> buffer)
    {
        long wakeAtMs = IceAgentAction.Never;
        bool anyPending = false;
        foreach (var pair in _pairs)
        {
            var transaction = pair.Transaction;
            if (pair.State == IceCandidatePairState.Waiting)
            {
                pair.State = IceCandidatePairState.InProgress;
                transaction.Start(nowMs, Options.InitialRtoMs);
                return IceAgentAction.Send(WriteCheck(pair, nominate: true, buffer), pair.RemoteEndPoint);
            }
            if (pair.State != IceCandidatePairState.InProgress) continue;

            long giveUpAtMs = transaction.StartedMs + Options.CheckTimeoutMs;
            if (nowMs >= giveUpAtMs)
            {
                pair.State = IceCandidatePairState.Failed;
                transaction.Complete();
                continue;
            }
            if (transaction.IsDue(nowMs))
            {
                transaction.Retransmitted(nowMs, Options.MaxRtoMs);
                return IceAgentAction.Send(WriteCheck(pair, nominate: true, buffer), pair.RemoteEndPoint);
            }
            anyPending = true;
            wakeAtMs = Math.Min(wakeAtMs, Math.Min(transaction.NextSendMs, giveUpAtMs));
        }

        // Remote candidates may still trickle in, so the agent only fails once the overall timeout has
        // passed with nothing left to check.
        long deadlineMs = _startedMs + Options.CheckTimeoutMs;
        if (!anyPending && nowMs >= deadlineMs)
        {
            State = IceAgentState.Failed;
            return IceAgentAction.Wait(IceAgentAction.Never);
        }
        return IceAgentAction.Wait(anyPending ? wakeAtMs : deadlineMs);
    }

    private IceAgentAction NextConsentCheck(long nowMs, Span<byte> buffer)
    {
        if (IsConsentExpired(nowMs))
        {
            // RFC 7675 §5.1: stop sending on the pair.
            State = IceAgentState.ConsentExpired;
            SelectedPair!.Transaction.Complete();
            return IceAgentAction.Wait(IceAgentAction.Never);
        }

        var pair = SelectedPair!;
        var transaction = pair.Transaction;
        if (nowMs >= _nextConsentMs)
        {
            // A new transaction each period; an unanswered earlier one is abandoned.
            transaction.Start(nowMs, Options.InitialRtoMs);
            _nextConsentMs = nowMs + Options.ConsentIntervalMs;
            return IceAgentAction.Send(WriteCheck(pair, nominate: false, buffer), pair.RemoteEndPoint);
        }
        if (transaction.IsDue(nowMs))
        {
            transaction.Retransmitted(nowMs, Options.MaxRtoMs);
            return IceAgentAction.Send(WriteCheck(pair, nominate: false, buffer), pair.RemoteEndPoint);
        }

        long wakeAtMs = Math.Min(_nextConsentMs, _lastConsentMs + Options.ConsentTimeoutMs);
        if (transaction.IsOutstanding) wakeAtMs = Math.Min(wakeAtMs, transaction.NextSendMs);
        return IceAgentAction.Wait(wakeAtMs);
    }

    private int WriteCheck(IceCandidatePair pair, bool nominate, Span<byte> buffer)
    {
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, pair.Transaction.Id);
        writer.WriteUsername(_outgoingUsername);
        writer.WritePriority(CheckPriority);
        writer.WriteIceControlling(TieBreaker);
        if (nominate) writer.WriteUseCandidate();
        writer.WriteMessageIntegrity(RemoteCredentials.PasswordBytes);
        writer.WriteFingerprint();
        return writer.Length;
    }

    private IceAgentReceiveResult Accept(ref StunMessageReader message, IPEndPoint from, long nowMs)
    {
        IceCandidatePair? pair = null;
        foreach (var candidate in _pairs)
        {
            if (candidate.Transaction.Matches(message.TransactionId))
            {
                pair = candidate;
                break;
            }
        }
        // RFC 8489 §9.1.4: over UDP, an answer without valid MESSAGE-INTEGRITY is discarded as if never
        // received, so a forged 401 cannot fail a check; the retransmissions carry on.
        if (pair is null || !message.VerifyMessageIntegrity(RemoteCredentials.PasswordBytes))
            return new(IceAgentReceiveStatus.Ignored, 0);

        pair.Transaction.Complete();
        bool isConsentCheck = State == IceAgentState.Connected && pair == SelectedPair;

        // RFC 8445 §7.2.5.2.1: an answer from another address than the check went to fails the check.
        bool symmetric = SameEndPoint(from, pair.RemoteEndPoint);
        if (message.MessageType == StunMessageType.BindingErrorResponse || !symmetric)
        {
            if (message.TryGetErrorCode(out int code, out _)) pair.ErrorCode = code;
            if (!isConsentCheck) pair.State = IceCandidatePairState.Failed;
            return new(IceAgentReceiveStatus.ResponseAccepted, 0);
        }

        if (message.TryGetXorMappedAddress(out var mapped)) pair.MappedEndPoint = mapped;
        if (isConsentCheck)
        {
            _lastConsentMs = nowMs;
        }
        else if (State == IceAgentState.Checking)
        {
            pair.State = IceCandidatePairState.Succeeded;
            Select(pair, nowMs);
        }
        return new(IceAgentReceiveStatus.ResponseAccepted, 0);
    }

    private void Select(IceCandidatePair pair, long nowMs)
    {
        SelectedPair = pair;
        State = IceAgentState.Connected;
        _lastConsentMs = nowMs;
        _nextConsentMs = nowMs + Options.ConsentIntervalMs;
        foreach (var other in _pairs)
        {
            if (other == pair || other.State is not (IceCandidatePairState.Waiting or IceCandidatePairState.InProgress)) continue;
            other.State = IceCandidatePairState.Cancelled;
            other.Transaction.Complete();
        }
    }

    private IceAgentReceiveResult Answer(ref StunMessageReader message, IPEndPoint from, Span<byte> response)
    {
        ReadOnlySpan<byte> transactionId = message.TransactionId;
        ReadOnlySpan<byte> password = LocalCredentials.PasswordBytes;
        int length;
        if (!message.TryGetUsername(out var username) || !message.HasMessageIntegrity)
        {
            length = IceCheckResponse.WriteError(transactionId, StunErrorCode.BadRequest, default, response);
        }
        else if (!username.SequenceEqual(_incomingUsername) || !message.VerifyMessageIntegrity(password))
        {
            length = IceCheckResponse.WriteError(transactionId, StunErrorCode.Unauthorized, default, response);
        }
        else if (message.HasUnknownComprehensionRequiredAttributes)
        {
            Span<ushort> unknown = stackalloc ushort[IceCheckResponse.MaxUnknownAttributes];
            int count = message.GetUnknownComprehensionRequiredAttributes(unknown);
            length = IceCheckResponse.WriteError(transactionId, StunErrorCode.UnknownAttribute, password, response, unknown[..count]);
        }
        else if (message.TryGetIceControlling(out _))
        {
            length = IceCheckResponse.WriteError(transactionId, StunErrorCode.RoleConflict, password, response);
        }
        else
        {
            return new(IceAgentReceiveStatus.RequestAnswered, IceCheckResponse.WriteSuccess(transactionId, from, password, response));
        }
        return new(IceAgentReceiveStatus.RequestRejected, length);
    }

    private static void EnsureRoom(Span<byte> buffer, string parameterName)
    {
        if (buffer.Length < MinBufferLength)
            throw new ArgumentException($"The buffer must hold at least {MinBufferLength} bytes.", parameterName);
    }

    /// <summary>Equal addresses and ports, treating IPv4-mapped IPv6 (from dual-mode sockets) as the IPv4 address.</summary>
    private static bool SameEndPoint(IPEndPoint a, IPEndPoint b)
    {
        if (a.Port != b.Port) return false;
        if (a.Address.Equals(b.Address)) return true;
        var left = a.Address.IsIPv4MappedToIPv6 ? a.Address.MapToIPv4() : a.Address;
        var right = b.Address.IsIPv4MappedToIPv6 ? b.Address.MapToIPv4() : b.Address;
        return left.Equals(right);
    }
}
